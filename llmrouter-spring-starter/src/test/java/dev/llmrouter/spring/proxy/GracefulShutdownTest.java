package dev.llmrouter.spring.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import okio.BufferedSink;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Shutting the application down while a stream is in flight: the server stops taking connections,
 * and the stream still runs to its end (Boot's graceful shutdown, its default, within
 * {@code spring.lifecycle.timeout-per-shutdown-phase}).
 */
class GracefulShutdownTest {
  private static final String START = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{"
      + "\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\",\"content\":[],"
      + "\"stop_reason\":null,\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}}\n\n"
      + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
      + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
      + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
      + "\"delta\":{\"type\":\"text_delta\",\"text\":\"first \"}}\n\n";
  private static final String END = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\","
      + "\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"last\"}}\n\n"
      + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
      + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
      + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":2}}\n\n"
      + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

  @Test
  void aStreamInFlightFinishesWhileTheServerShutsDown() throws Exception {
    Upstream upstream = new Upstream();
    CountDownLatch finish = new CountDownLatch(1);
    upstream.answer(new MockResponse.Builder().addHeader("content-type", "text/event-stream")
        .body(new GatedBody(finish)).build());
    ConfigurableApplicationContext context = new SpringApplicationBuilder(ProxyTestBase.App.class).run(
        "--server.port=0", "--server.address=127.0.0.1", "--spring.lifecycle.timeout-per-shutdown-phase=20s",
        "--llmrouter.discover-from-environment=false", "--llmrouter.proxy.enabled=true",
        "--llmrouter.providers.up.type=anthropic", "--llmrouter.providers.up.base-url=" + upstream.url("/"),
        "--llmrouter.routes[0].model=slow", "--llmrouter.routes[0].provider=up");
    int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    String body = "{\"model\":\"slow\",\"max_tokens\":10,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write(("POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nanthropic-version: 2023-06-01\r\n"
          + "content-type: application/json\r\nconnection: close\r\ncontent-length: " + body.length()
          + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder seen = new StringBuilder();
      readUntil(in, seen, "first ");

      CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
      awaitRefusedConnections(port);
      finish.countDown();
      readUntil(in, seen, "message_stop");
      closing.get(30, TimeUnit.SECONDS);
      assertThat(seen).contains("\"text\":\"last\"", "event: message_stop");
    } finally {
      finish.countDown();
      context.close();
      upstream.close();
    }
  }

  private static void readUntil(InputStream in, StringBuilder seen, String marker) throws IOException {
    byte[] buffer = new byte[4096];
    while (!seen.toString().contains(marker)) {
      int n = in.read(buffer);
      assertThat(n).as("the stream ended before " + marker + ": " + seen).isPositive();
      seen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
    }
  }

  /** Graceful shutdown has begun once the server socket refuses new connections. */
  private static void awaitRefusedConnections(int port) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      try {
        new Socket("127.0.0.1", port).close();
      } catch (SocketException refused) {
        // refused, or reset when the listening socket closed with this connection in its backlog
        return;
      }
    }
    throw new AssertionError("the server kept accepting connections during shutdown");
  }

  /** The start of an Anthropic stream, then the rest once the test opens the gate. */
  private static final class GatedBody implements MockResponseBody {
    private final CountDownLatch gate;

    GatedBody(CountDownLatch gate) {
      this.gate = gate;
    }

    /** Known, so that the body ends with its last event rather than with the connection. */
    @Override
    public long getContentLength() {
      return (START + END).getBytes(StandardCharsets.UTF_8).length;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      sink.writeUtf8(START);
      sink.flush();
      try {
        gate.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      sink.writeUtf8(END);
      sink.flush();
    }
  }
}
