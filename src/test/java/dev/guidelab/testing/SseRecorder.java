package dev.guidelab.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Reads a server-sent-event stream in the background the way a browser's EventSource would, keeping
 * every event in arrival order.
 */
public final class SseRecorder implements AutoCloseable {

  /** One received event: its id (null if it has none), its name and its data. */
  public record Event(String id, String name, String data) {}

  private final List<Event> events = new CopyOnWriteArrayList<>();
  private final List<String> strayLines = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Void> ended;
  private volatile Stream<String> lines;

  private SseRecorder(URI uri, String lastEventId) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
    if (lastEventId != null) {
      builder.header("Last-Event-ID", lastEventId);
    }
    HttpRequest request = builder.build();
    ended =
        CompletableFuture.runAsync(
            () -> {
              try {
                HttpResponse<Stream<String>> response =
                    client.send(request, HttpResponse.BodyHandlers.ofLines());
                if (response.statusCode() != 200) {
                  throw new IllegalStateException("SSE request answered " + response.statusCode());
                }
                lines = response.body();
                read(lines);
              } catch (IOException e) {
                throw new IllegalStateException(e);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
  }

  public static SseRecorder open(URI uri) {
    return new SseRecorder(uri, null);
  }

  /** Opens the stream as an EventSource reconnecting after the event {@code lastEventId} does. */
  public static SseRecorder resume(URI uri, String lastEventId) {
    return new SseRecorder(uri, lastEventId);
  }

  private void read(Stream<String> stream) {
    String id = null;
    String name = "message";
    List<String> data = new ArrayList<>();
    for (String line : (Iterable<String>) stream::iterator) {
      if (line.isEmpty()) {
        if (!data.isEmpty()) {
          events.add(new Event(id, name, String.join("\n", data)));
        }
        id = null;
        name = "message";
        data.clear();
      } else if (line.startsWith("event:")) {
        name = line.substring(6).trim();
      } else if (line.startsWith("data:")) {
        data.add(line.substring(5).stripLeading());
      } else if (line.startsWith("id:")) {
        id = line.substring(3).trim();
      } else if (!line.startsWith(":") && !line.startsWith("retry:")) {
        strayLines.add(line); // a field the SSE format does not define: a browser ignores it
      }
    }
  }

  /**
   * Lines received that are no SSE field ({@code event}, {@code data}, {@code id}, {@code retry}).
   */
  public List<String> strayLines() {
    return List.copyOf(strayLines);
  }

  /** Events received so far. */
  public List<Event> events() {
    return List.copyOf(events);
  }

  /** Waits until the server ends the stream; fails after {@code timeout}. */
  public List<Event> awaitEnd(Duration timeout) throws Exception {
    ended.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return events();
  }

  @Override
  public void close() {
    Stream<String> open = lines;
    if (open != null) {
      open.close();
    }
    ended.cancel(true);
  }
}
