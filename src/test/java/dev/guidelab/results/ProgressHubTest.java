package dev.guidelab.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.guidelab.ledger.State;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Which events a resumed stream gets, and when the hub cannot resume exactly. */
class ProgressHubTest {

  private final ProgressHub hub = new ProgressHub(new SimpleMeterRegistry());
  private final UUID experiment = UUID.randomUUID();
  private final UUID other = UUID.randomUUID();

  @Test
  void aResumedStreamGetsItsExperimentsKeptEventsAfterTheIdThenLiveOnes() {
    for (int i = 0; i < 4; i++) {
      hub.onEvent(running(experiment));
      hub.onEvent(running(other));
    }
    // Events 1..8: this experiment's are 1, 3, 5, 7.
    Stream resumed = resume(hub.eventId(3));
    assertTrue(resumed.listener.isPresent());
    hub.onEvent(running(experiment)); // 9
    hub.onEvent(ended(experiment)); // 10, ends the stream
    hub.onEvent(running(experiment)); // 11, after the end
    resumed.subscriber.assertCompleted();
    assertEquals(List.of(5L, 7L, 9L, 10L), seqs(resumed.subscriber));
  }

  @Test
  void aListenerPositionIsTheLastEventBeforeItAndBuffersUntilTheSnapshotIsOut() {
    hub.onEvent(running(experiment)); // 1
    AssertSubscriber<ProgressHub.Numbered> subscriber = AssertSubscriber.create(100);
    AtomicReference<ProgressHub.Listener> listener = new AtomicReference<>();
    Multi.createFrom()
        .<ProgressHub.Numbered>emitter(e -> listener.set(hub.listen(experiment, e)))
        .subscribe(subscriber);
    assertEquals(1, listener.get().position());
    hub.onEvent(running(experiment)); // 2, buffered
    assertEquals(List.of(), seqs(subscriber));
    listener.get().snapshotSent();
    hub.onEvent(running(experiment)); // 3
    assertEquals(List.of(2L, 3L), seqs(subscriber));
  }

  @Test
  void idsNoLongerKeptOfAnotherInstanceOrGarbageCannotBeResumed() {
    hub.onEvent(running(experiment)); // 1
    String first = hub.eventId(1);
    for (int i = 0; i <= ProgressHub.REPLAY_EVENTS; i++) {
      hub.onEvent(running(other));
    }
    // Events 1..4098; the last 4096 are kept: 3..4098.
    assertTrue(resume(first).listener.isEmpty(), "event 2 is no longer kept");
    assertTrue(resume(hub.eventId(2)).listener.isPresent(), "every event after 2 is kept");
    assertTrue(resume(hub.eventId(ProgressHub.REPLAY_EVENTS + 2)).listener.isPresent(), "the last");
    assertTrue(resume(hub.eventId(ProgressHub.REPLAY_EVENTS + 3)).listener.isEmpty(), "not yet");
    assertTrue(
        resume(new ProgressHub(new SimpleMeterRegistry()).eventId(3)).listener.isEmpty(),
        "another instance's");
    assertTrue(resume("garbage").listener.isEmpty());
  }

  private record Stream(
      Optional<ProgressHub.Listener> listener, AssertSubscriber<ProgressHub.Numbered> subscriber) {}

  private Stream resume(String lastEventId) {
    AssertSubscriber<ProgressHub.Numbered> subscriber = AssertSubscriber.create(100);
    AtomicReference<Optional<ProgressHub.Listener>> listener = new AtomicReference<>();
    Multi.createFrom()
        .<ProgressHub.Numbered>emitter(e -> listener.set(hub.resume(experiment, e, lastEventId)))
        .subscribe(subscriber);
    return new Stream(listener.get(), subscriber);
  }

  private static List<Long> seqs(AssertSubscriber<ProgressHub.Numbered> subscriber) {
    return subscriber.getItems().stream().map(ProgressHub.Numbered::seq).toList();
  }

  private static ProgressEvent running(UUID experimentId) {
    return event(experimentId, State.RUNNING);
  }

  private static ProgressEvent ended(UUID experimentId) {
    return event(experimentId, State.COMPLETED);
  }

  private static ProgressEvent event(UUID experimentId, State state) {
    return new ProgressEvent.PointClaimed(
        experimentId, UUID.randomUUID(), state, Instant.EPOCH, "worker", "cpu", 1);
  }
}
