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

  /** One received event: its name and its data. */
  public record Event(String name, String data) {}

  private final List<Event> events = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Void> ended;
  private volatile Stream<String> lines;

  private SseRecorder(URI uri) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    HttpRequest request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").build();
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
    return new SseRecorder(uri);
  }

  private void read(Stream<String> stream) {
    String name = "message";
    List<String> data = new ArrayList<>();
    for (String line : (Iterable<String>) stream::iterator) {
      if (line.isEmpty()) {
        if (!data.isEmpty()) {
          events.add(new Event(name, String.join("\n", data)));
        }
        name = "message";
        data.clear();
      } else if (line.startsWith("event:")) {
        name = line.substring(6).trim();
      } else if (line.startsWith("data:")) {
        data.add(line.substring(5).stripLeading());
      }
    }
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
