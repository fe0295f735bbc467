package dev.llmrouter.adapters.http;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

/**
 * The one HTTP client of a router, shared by all its provider adapters so that they share one
 * connection pool and one dispatcher. Adapters obtain it with
 * {@code resources.shared(HttpTransport.class, HttpTransport::createDefault)}; the router closes it.
 *
 * <p>Each adapter derives its own client with {@link #client(Duration, Duration)}, which keeps the
 * pool and dispatcher and only changes the timeouts.
 */
public final class HttpTransport implements AutoCloseable {
  static final int MAX_IDLE_CONNECTIONS = 64;
  static final Duration KEEP_ALIVE = Duration.ofMinutes(5);
  static final int MAX_REQUESTS = 1024;
  static final int MAX_REQUESTS_PER_HOST = 512;
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration READ_TIMEOUT = Duration.ofSeconds(120);

  private final OkHttpClient client;
  private final boolean owned;
  private volatile boolean closed;

  private HttpTransport(OkHttpClient client, boolean owned) {
    this.client = client;
    this.owned = owned;
  }

  /**
   * A transport tuned for a busy proxy: 64 idle connections kept 5 minutes, 1024 concurrent async
   * calls (512 per host), 10 s connect and 120 s read timeouts, no call timeout (streams last),
   * HTTP/2 and HTTP/1.1, TCP_NODELAY. It neither retries nor follows redirects: the router retries and
   * must see every attempt, and a redirect would carry the key to another host.
   */
  public static HttpTransport createDefault() {
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(MAX_REQUESTS);
    dispatcher.setMaxRequestsPerHost(MAX_REQUESTS_PER_HOST);
    OkHttpClient client = new OkHttpClient.Builder()
        .connectionPool(new ConnectionPool(MAX_IDLE_CONNECTIONS, KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS))
        .dispatcher(dispatcher)
        .connectTimeout(CONNECT_TIMEOUT)
        .readTimeout(READ_TIMEOUT)
        .callTimeout(Duration.ZERO)
        .retryOnConnectionFailure(false)
        .followRedirects(false)
        .followSslRedirects(false)
        .protocols(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1))
        // OkHttp leaves Nagle's algorithm on; small SSE writes and request bodies must not wait for ACKs
        .socketFactory(new NoDelaySocketFactory())
        .build();
    return new HttpTransport(client, true);
  }

  /**
   * Wraps an application's own client (proxy, TLS, interceptors…). The application keeps owning it:
   * {@link #close()} leaves it open. Adapters still turn off its retries and redirects on the
   * clients they derive from it.
   */
  public static HttpTransport of(OkHttpClient client) {
    return new HttpTransport(Objects.requireNonNull(client, "client"), false);
  }

  /** The shared client. */
  public OkHttpClient client() {
    return client;
  }

  /**
   * A client sharing this transport's pool and dispatcher with the given timeouts ({@code null} keeps
   * the shared client's), never retrying on its own nor following redirects.
   */
  public OkHttpClient client(Duration connectTimeout, Duration readTimeout) {
    OkHttpClient.Builder builder = client.newBuilder().retryOnConnectionFailure(false).followRedirects(false)
        .followSslRedirects(false);
    if (connectTimeout != null) {
      builder.connectTimeout(connectTimeout);
    }
    if (readTimeout != null) {
      builder.readTimeout(readTimeout);
    }
    return builder.build();
  }

  /**
   * Closes idle connections and stops the dispatcher's threads, when this transport created the
   * client. Idempotent.
   */
  @Override
  public void close() {
    if (closed || !owned) {
      return;
    }
    closed = true;
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  @Override
  public String toString() {
    return "HttpTransport{owned=" + owned + ", connections=" + client.connectionPool().connectionCount()
        + ", closed=" + closed + "}";
  }
}
