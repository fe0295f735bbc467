package dev.llmrouter.store.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;

/**
 * A real {@code redis-server} on 127.0.0.1 and a free port, without persistence, for the length of a
 * test class. {@code .ci/run} installs it ({@code apt-get install -y redis-server}).
 */
public final class RedisServer implements AutoCloseable {
  private final Process process;
  public final int port;

  public RedisServer() {
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
          "--save", "", "--appendonly", "no").redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalStateException("redis-server is not installed (apt-get install -y redis-server)", e);
    }
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    try {
      String line;
      while ((line = out.readLine()) != null && !line.contains("Ready to accept connections")) {
        // the server's start-up log; readiness is its last line
      }
      if (line == null) {
        throw new IllegalStateException("redis-server exited during start-up on port " + port);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread drain = new Thread(() -> {
      try {
        while (out.readLine() != null) {
          // keep the pipe empty so that the server never blocks on its log
        }
      } catch (IOException ignored) {
        // the server stopped
      }
    }, "redis-server-log");
    drain.setDaemon(true);
    drain.start();
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    process.destroy();
  }
}
