package dev.llmrouter.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RawHttpLoadTest {
  private ServerSocket server;
  private final AtomicInteger connections = new AtomicInteger();

  @BeforeEach
  void start() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(() -> {
      while (!server.isClosed()) {
        try {
          Socket socket = server.accept();
          connections.incrementAndGet();
          Thread handler = new Thread(() -> serve(socket));
          handler.setDaemon(true);
          handler.start();
        } catch (IOException closed) {
          return;
        }
      }
    });
    acceptor.setDaemon(true);
    acceptor.start();
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  /** /json: 200 with a length; /chunked: a first chunk, a pause, the rest; anything else: 500 and close. */
  private static void serve(Socket socket) {
    try (socket) {
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      while (true) {
        String head = readHead(in);
        if (head == null) {
          return;
        }
        int length = Integer.parseInt(head.replaceAll("(?s).*Content-Length: (\\d+).*", "$1"));
        in.readNBytes(length);
        String path = head.split(" ")[1];
        if (path.equals("/json")) {
          out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"));
        } else if (path.equals("/chunked")) {
          out.write(ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nfirst\r\n"));
          out.flush();
          Thread.sleep(300);
          out.write(ascii("4\r\nlast\r\n0\r\n\r\n"));
        } else {
          out.write(ascii("HTTP/1.1 500 Oops\r\nContent-Length: 16\r\nConnection: close\r\n\r\n{\"error\":\"boom\"}"));
          return;
        }
        out.flush();
      }
    } catch (IOException | InterruptedException | RuntimeException gone) {
      // the client closed the connection
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    for (int b = in.read(); b >= 0; b = in.read()) {
      head.write(b);
      matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
      if (matched == 4) {
        return head.toString(StandardCharsets.US_ASCII);
      }
    }
    return null;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private byte[] post(String path) {
    return RawHttpLoad.post(server.getLocalPort(), path, Map.of("x-api-key", "k"), ascii("{\"a\":1}"));
  }

  @Test
  void keepsTheConnectionAcrossExchanges() throws IOException {
    try (RawHttpLoad.Connection connection = new RawHttpLoad.Connection(server.getLocalPort(), true)) {
      RawHttpLoad.Exchange first = connection.exchange(post("/json"));
      RawHttpLoad.Exchange second = connection.exchange(post("/json"));

      assertThat(first.status()).isEqualTo(200);
      assertThat(new String(second.body(), StandardCharsets.US_ASCII)).isEqualTo("hello");
      assertThat(second.keepAlive()).isTrue();
    }
    assertThat(connections.get()).isEqualTo(1);
  }

  @Test
  void timestampsTheFirstChunkNotTheEndOfTheStream() throws IOException {
    try (RawHttpLoad.Connection connection = new RawHttpLoad.Connection(server.getLocalPort(), true)) {
      RawHttpLoad.Exchange stream = connection.exchange(post("/chunked"));

      assertThat(new String(stream.body(), StandardCharsets.US_ASCII)).isEqualTo("firstlast");
      assertThat(stream.totalNanos()).isGreaterThanOrEqualTo(300_000_000L);
      // the first chunk came before the server paused for 300 ms
      assertThat(stream.firstByteNanos()).isLessThan(stream.totalNanos() - 200_000_000L);
    }
  }

  @Test
  void countsAnswersOtherThan200AsFailuresWithTheirBody() throws InterruptedException {
    RawHttpLoad.Outcome outcome = RawHttpLoad.oncePerConnection(server.getLocalPort(), post("/missing"), 3);

    assertThat(outcome.ok).isZero();
    assertThat(outcome.failed).isEqualTo(3);
    assertThat(outcome.firstFailure).contains("HTTP 500").contains("boom");
    assertThat(outcome.firstByteNanos).isEmpty();
  }

  @Test
  void runsEveryConnectionForTheDuration() throws InterruptedException {
    RawHttpLoad.Outcome outcome = RawHttpLoad.forDuration(server.getLocalPort(), post("/json"), 4, 0.3);

    assertThat(outcome.failed).isZero();
    assertThat(outcome.ok).isGreaterThanOrEqualTo(4).isEqualTo(outcome.totalNanos.length);
    assertThat(connections.get()).isEqualTo(4);
    assertThat(outcome.totalNanos).isSorted();
  }

  @Test
  void percentilesAreNearestRankInMilliseconds() {
    long[] sorted = new long[100];
    for (int i = 0; i < 100; i++) {
      sorted[i] = (i + 1) * 1_000_000L;
    }

    assertThat(RawHttpLoad.percentileMillis(sorted, 0.5)).isEqualTo(50.0);
    assertThat(RawHttpLoad.percentileMillis(sorted, 0.99)).isEqualTo(99.0);
    assertThat(RawHttpLoad.percentileMillis(sorted, 1.0)).isEqualTo(100.0);
    assertThat(RawHttpLoad.percentileMillis(new long[0], 0.5)).isNaN();
  }
}
