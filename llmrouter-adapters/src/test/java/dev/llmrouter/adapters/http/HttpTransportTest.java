package dev.llmrouter.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class HttpTransportTest {
  @StartStop private final MockWebServer server = new MockWebServer();

  @Test
  void defaultsSuitABusyProxyThatDoesItsOwnRetries() {
    try (HttpTransport transport = HttpTransport.createDefault()) {
      OkHttpClient client = transport.client();

      assertThat(client.dispatcher().getMaxRequests()).isEqualTo(1024);
      assertThat(client.dispatcher().getMaxRequestsPerHost()).isEqualTo(512);
      assertThat(client.connectTimeoutMillis()).isEqualTo(10_000);
      assertThat(client.readTimeoutMillis()).isEqualTo(120_000);
      assertThat(client.callTimeoutMillis()).isZero();
      assertThat(client.retryOnConnectionFailure()).isFalse();
      assertThat(client.followRedirects()).isFalse();
      assertThat(client.followSslRedirects()).isFalse();
      assertThat(client.protocols()).containsExactly(Protocol.HTTP_2, Protocol.HTTP_1_1);
    }
  }

  @Test
  void derivedClientsShareThePoolAndDispatcherWithTheirOwnTimeouts() {
    try (HttpTransport transport = HttpTransport.createDefault()) {
      OkHttpClient derived = transport.client(Duration.ofSeconds(2), Duration.ofMillis(300));

      assertThat(derived.connectionPool()).isSameAs(transport.client().connectionPool());
      assertThat(derived.dispatcher()).isSameAs(transport.client().dispatcher());
      assertThat(derived.connectTimeoutMillis()).isEqualTo(2_000);
      assertThat(derived.readTimeoutMillis()).isEqualTo(300);
      assertThat(transport.client(null, null).readTimeoutMillis()).isEqualTo(120_000);
    }
  }

  @Test
  void socketsHaveNagleOff() throws Exception {
    List<Boolean> noDelay = new CopyOnWriteArrayList<>();
    server.enqueue(new MockResponse.Builder().body("ok").build());
    try (HttpTransport transport = HttpTransport.createDefault()) {
      OkHttpClient client = transport.client().newBuilder().eventListener(new EventListener() {
        @Override
        public void connectionAcquired(Call call, Connection connection) {
          try {
            noDelay.add(connection.socket().getTcpNoDelay());
          } catch (java.net.SocketException e) {
            throw new AssertionError(e);
          }
        }
      }).build();

      try (Response response = client.newCall(new Request.Builder().url(server.url("/")).build()).execute()) {
        assertThat(response.body().string()).isEqualTo("ok");
      }
    }

    assertThat(noDelay).containsExactly(true);
  }

  @Test
  void closingStopsTheDispatcherAndEmptiesThePoolAndIsIdempotent() throws Exception {
    server.enqueue(new MockResponse.Builder().body("ok").build());
    HttpTransport transport = HttpTransport.createDefault();
    try (Response response = transport.client().newCall(new Request.Builder().url(server.url("/")).build()).execute()) {
      response.body().string();
    }
    assertThat(transport.client().connectionPool().connectionCount()).isEqualTo(1);

    transport.close();
    transport.close();

    assertThat(transport.client().dispatcher().executorService().isShutdown()).isTrue();
    assertThat(transport.client().connectionPool().connectionCount()).isZero();
  }

  @Test
  void anApplicationsClientIsUsedButNeitherClosedNorAllowedToRetryOrRedirect() {
    OkHttpClient own = new OkHttpClient.Builder().retryOnConnectionFailure(true).followRedirects(true).build();
    HttpTransport transport = HttpTransport.of(own);

    OkHttpClient derived = transport.client(null, Duration.ofSeconds(5));
    transport.close();

    assertThat(transport.client()).isSameAs(own);
    assertThat(derived.connectionPool()).isSameAs(own.connectionPool());
    assertThat(derived.retryOnConnectionFailure()).isFalse();
    assertThat(derived.followRedirects()).isFalse();
    assertThat(own.dispatcher().executorService().isShutdown()).isFalse();
    own.dispatcher().executorService().shutdown();
  }
}
