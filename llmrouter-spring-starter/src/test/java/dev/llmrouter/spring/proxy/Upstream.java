package dev.llmrouter.spring.proxy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A fake provider on 127.0.0.1 for the proxy tests: answers are queued per test, requests recorded,
 * and {@link #reset()} forgets both so that one test's leftovers never reach the next.
 */
final class Upstream {
  private final MockWebServer server = new MockWebServer();
  private final BlockingQueue<MockResponse> answers = new LinkedBlockingQueue<>();
  private final BlockingQueue<RecordedRequest> requests = new LinkedBlockingQueue<>();

  Upstream() {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        requests.add(request);
        MockResponse answer = answers.poll();
        return answer != null ? answer
            : new MockResponse.Builder().code(500).body("{\"error\":\"the test queued no answer\"}").build();
      }
    });
    try {
      server.start(InetAddress.getByName("127.0.0.1"), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String url(String path) {
    return server.url(path).toString();
  }

  void answer(MockResponse response) {
    answers.add(response);
  }

  void answerJson(String body) {
    answer(new MockResponse.Builder().addHeader("content-type", "application/json").body(body).build());
  }

  void answerSse(String body) {
    answer(new MockResponse.Builder().addHeader("content-type", "text/event-stream").body(body).build());
  }

  RecordedRequest request() throws InterruptedException {
    RecordedRequest request = requests.poll(10, TimeUnit.SECONDS);
    if (request == null) {
      throw new AssertionError("the upstream saw no request");
    }
    return request;
  }

  int requestCount() {
    return requests.size();
  }

  void reset() {
    answers.clear();
    requests.clear();
  }

  void close() throws IOException {
    server.close();
  }

  /** A golden fixture body from {@code shared/protocols/fixtures/<protocol>/<file>}. */
  static String fixture(String protocol, String file) {
    String shared = System.getProperty("llmrouter.shared.dir", "../../shared");
    try {
      return Files.readString(Path.of(shared, "protocols", "fixtures", protocol, file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("fixture " + protocol + "/" + file + " (set -Dllmrouter.shared.dir)", e);
    }
  }
}
