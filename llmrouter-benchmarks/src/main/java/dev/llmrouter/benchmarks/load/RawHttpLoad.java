package dev.llmrouter.benchmarks.load;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A keep-alive HTTP/1.1 load client on plain sockets that timestamps the first body byte of every
 * answer, which wrk cannot: time to first byte is what a streaming client feels. It speaks just
 * enough HTTP for the servers it measures (Content-Length or chunked answers, {@code Connection:
 * close}) and reads every byte, so a server that buffers a stream shows as a late first byte.
 */
final class RawHttpLoad {
  private static final long STACK_BYTES = 256 * 1024;

  private RawHttpLoad() {}

  /** The bytes of one POST, sent as they are on every exchange. */
  static byte[] post(int port, String path, Map<String, String> headers, byte[] body) {
    StringBuilder head = new StringBuilder()
        .append("POST ").append(path).append(" HTTP/1.1\r\n")
        .append("Host: 127.0.0.1:").append(port).append("\r\n")
        .append("Content-Type: application/json\r\n")
        .append("Content-Length: ").append(body.length).append("\r\n");
    headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    head.append("\r\n");
    byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
    byte[] request = Arrays.copyOf(headBytes, headBytes.length + body.length);
    System.arraycopy(body, 0, request, headBytes.length, body.length);
    return request;
  }

  /** One answer: status, nanoseconds from the request's first byte written to the answer's first body byte and to its end. */
  record Exchange(int status, long firstByteNanos, long totalNanos, boolean keepAlive, byte[] body) {}

  /** What a run measured: answers with status 200 count, the others (and I/O failures) are failures. */
  static final class Outcome {
    long ok;
    long failed;
    String firstFailure;
    double seconds;
    long[] firstByteNanos = new long[0];
    long[] totalNanos = new long[0];

    double perSecond() {
      return ok / seconds;
    }

    synchronized void add(Outcome part) {
      ok += part.ok;
      failed += part.failed;
      if (firstFailure == null) {
        firstFailure = part.firstFailure;
      }
      firstByteNanos = concat(firstByteNanos, part.firstByteNanos);
      totalNanos = concat(totalNanos, part.totalNanos);
    }

    void sort() {
      Arrays.sort(firstByteNanos);
      Arrays.sort(totalNanos);
    }

    private static long[] concat(long[] a, long[] b) {
      long[] both = Arrays.copyOf(a, a.length + b.length);
      System.arraycopy(b, 0, both, a.length, b.length);
      return both;
    }
  }

  /** The value at quantile {@code q} of sorted samples, in milliseconds; NaN when there are none. */
  static double percentileMillis(long[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
  }

  /** {@code connections} keep-alive connections, each sending {@code request} back to back until {@code seconds} passed. */
  static Outcome forDuration(int port, byte[] request, int connections, double seconds) throws InterruptedException {
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    return onConnections(port, request, connections, deadline, Integer.MAX_VALUE);
  }

  /** {@code connections} connections at once, one exchange each (the slow-stream test). */
  static Outcome oncePerConnection(int port, byte[] request, int connections) throws InterruptedException {
    return onConnections(port, request, connections, Long.MAX_VALUE, 1);
  }

  private static Outcome onConnections(int port, byte[] request, int connections, long deadline, int perConnection)
      throws InterruptedException {
    Outcome total = new Outcome();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      Thread thread = new Thread(null, () -> {
        Outcome mine = new Outcome();
        LongList firstBytes = new LongList();
        LongList totals = new LongList();
        try {
          start.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        Connection connection = null;
        for (int n = 0; n < perConnection && System.nanoTime() < deadline; n++) {
          try {
            if (connection == null) {
              connection = new Connection(port);
            }
            Exchange exchange = connection.exchange(request);
            if (exchange.status() == 200) {
              mine.ok++;
              firstBytes.add(exchange.firstByteNanos());
              totals.add(exchange.totalNanos());
            } else {
              fail(mine, "HTTP " + exchange.status() + ": " + snippet(exchange.body()));
            }
            if (!exchange.keepAlive()) {
              connection.close();
              connection = null;
            }
          } catch (IOException | RuntimeException e) {
            fail(mine, e.toString());
            if (connection != null) {
              connection.close();
              connection = null;
            }
          }
        }
        if (connection != null) {
          connection.close();
        }
        mine.firstByteNanos = firstBytes.toArray();
        mine.totalNanos = totals.toArray();
        total.add(mine);
      }, "load-" + i, STACK_BYTES);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    long started = System.nanoTime();
    start.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    total.seconds = (System.nanoTime() - started) / 1e9;
    total.sort();
    return total;
  }

  private static void fail(Outcome outcome, String why) {
    outcome.failed++;
    if (outcome.firstFailure == null) {
      outcome.firstFailure = why;
    }
  }

  private static String snippet(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    return text.length() > 200 ? text.substring(0, 200) + "…" : text;
  }

  /** One keep-alive connection. Not thread-safe. */
  static final class Connection implements Closeable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private long lastFillNanos;
    private final boolean keepBodies;
    private ByteArrayOutputStream body;

    Connection(int port) throws IOException {
      this(port, false);
    }

    /** With {@code keepBodies}, every answer's body is kept (the set-up check reads them). */
    Connection(int port, boolean keepBodies) throws IOException {
      this.keepBodies = keepBodies;
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(60_000);
      socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      in = socket.getInputStream();
      out = socket.getOutputStream();
    }

    /** Sends the request and reads the whole answer. Keeps the body of answers other than 200 (for the report). */
    Exchange exchange(byte[] request) throws IOException {
      long started = System.nanoTime();
      out.write(request);
      out.flush();
      String statusLine = readLine();
      if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
        throw new IOException("not an HTTP answer: " + statusLine);
      }
      int status = Integer.parseInt(statusLine.substring(9, 12));
      long contentLength = -1;
      boolean chunked = false;
      boolean close = statusLine.startsWith("HTTP/1.0");
      for (String line = readLine(); !line.isEmpty(); line = readLine()) {
        int colon = line.indexOf(':');
        if (colon < 0) {
          continue;
        }
        String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = line.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
        switch (name) {
          case "content-length" -> contentLength = Long.parseLong(value);
          case "transfer-encoding" -> chunked = value.contains("chunked");
          case "connection" -> close = value.contains("close");
          default -> { }
        }
      }
      body = status == 200 && !keepBodies ? null : new ByteArrayOutputStream();
      long firstByte = -1;
      if (chunked) {
        while (true) {
          String sizeLine = readLine();
          if (firstByte < 0) {
            firstByte = lastFillNanos - started; // the chunk-size line arrives with its chunk
          }
          int semicolon = sizeLine.indexOf(';');
          long size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
          if (size == 0) {
            while (!readLine().isEmpty()) {
              // trailers
            }
            break;
          }
          skip(size);
          readLine();
        }
      } else if (contentLength > 0) {
        if (position == limit) {
          fill();
        }
        firstByte = lastFillNanos - started;
        skip(contentLength);
      } else if (contentLength < 0) {
        close = true;
        while (fillOrEof()) {
          if (firstByte < 0) {
            firstByte = lastFillNanos - started;
          }
          skip(limit - position);
        }
      }
      long total = System.nanoTime() - started;
      return new Exchange(status, firstByte < 0 ? total : firstByte, total, !close,
          body == null ? new byte[0] : body.toByteArray());
    }

    private String readLine() throws IOException {
      StringBuilder line = new StringBuilder();
      while (true) {
        if (position == limit) {
          fill();
        }
        byte b = buffer[position++];
        if (b == '\n') {
          int length = line.length();
          return length > 0 && line.charAt(length - 1) == '\r' ? line.substring(0, length - 1) : line.toString();
        }
        line.append((char) (b & 0xff));
      }
    }

    private void skip(long count) throws IOException {
      while (count > 0) {
        if (position == limit) {
          fill();
        }
        int n = (int) Math.min(count, limit - position);
        if (body != null) {
          body.write(buffer, position, n);
        }
        position += n;
        count -= n;
      }
    }

    private void fill() throws IOException {
      if (!fillOrEof()) {
        throw new IOException("the server closed the connection mid-answer");
      }
    }

    private boolean fillOrEof() throws IOException {
      position = 0;
      limit = 0;
      int n = in.read(buffer);
      lastFillNanos = System.nanoTime();
      if (n < 0) {
        return false;
      }
      limit = n;
      return true;
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing a socket we are done with
      }
    }
  }

  /** A growable list of primitive longs: a million boxed samples would cost more than the client's work. */
  static final class LongList {
    private long[] values = new long[1024];
    private int size;

    void add(long value) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }

    long[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }
}
