package dev.llmrouter.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.llmrouter.api.Secret;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.error.AuthenticationException;
import dev.llmrouter.api.error.BadRequestException;
import dev.llmrouter.api.error.ConnectionException;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.error.NotFoundException;
import dev.llmrouter.api.error.OverloadedException;
import dev.llmrouter.api.error.PermissionDeniedException;
import dev.llmrouter.api.error.RateLimitedException;
import dev.llmrouter.api.error.UpstreamServerException;
import dev.llmrouter.api.error.UpstreamTimeoutException;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.api.model.StopReason;
import dev.llmrouter.api.model.TextBlock;
import dev.llmrouter.api.model.Usage;
import dev.llmrouter.api.spi.CallOptions;
import dev.llmrouter.api.stream.ChatStream;
import dev.llmrouter.api.stream.StreamEvent;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HttpProviderAdapterTest {
  private static final String PROVIDER = "upstream-a";
  private static final Secret KEY = Secret.of("sk-live-SECRET-7f3a9c2e41");
  private static final Duration SHORT_READ_TIMEOUT = Duration.ofMillis(300);
  private static final Duration LONG_READ_TIMEOUT = Duration.ofSeconds(30);

  @StartStop private final MockWebServer server = new MockWebServer();
  private final HttpTransport transport = HttpTransport.createDefault();

  @AfterEach
  void closeTransport() {
    transport.close();
  }

  // ---- request shape ----

  @Test
  void chatPostsTheEncodedRequestWithTheKeyAndDecodesTheAnswer() throws Exception {
    server.enqueue(new MockResponse.Builder().body("{\"text\":\"hello\"}").build());
    HttpProviderAdapter adapter = adapter(new FakeCodec(WireFormat.OPENAI_CHAT), "/v1", LONG_READ_TIMEOUT);

    ChatResponse response = adapter.chat(request("gpt-x"), options());

    assertThat(response.text()).isEqualTo("hello");
    assertThat(response.provider()).isEqualTo(PROVIDER);
    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getMethod()).isEqualTo("POST");
    assertThat(recorded.getTarget()).isEqualTo("/v1/chat/completions");
    assertThat(recorded.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY.reveal());
    assertThat(recorded.getHeaders().get("Content-Type")).isEqualTo("application/json");
    assertThat(recorded.getHeaders().get("Accept")).isEqualTo("application/json");
    assertThat(recorded.getBody().utf8()).isEqualTo("{\"model\":\"gpt-x\",\"stream\":false,\"text\":\"hi\"}");
  }

  @Test
  void anthropicGetsItsPathKeyHeaderAndVersion() throws Exception {
    server.enqueue(new MockResponse.Builder().body("{\"text\":\"ok\"}").build());

    adapter(new FakeCodec(WireFormat.ANTHROPIC_MESSAGES), "/", LONG_READ_TIMEOUT).chat(request("claude-x"), options());

    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getTarget()).isEqualTo("/v1/messages");
    assertThat(recorded.getHeaders().get("x-api-key")).isEqualTo(KEY.reveal());
    assertThat(recorded.getHeaders().get("anthropic-version")).isEqualTo("2023-06-01");
    assertThat(recorded.getHeaders().get("Authorization")).isNull();
  }

  @Test
  void geminiStreamsAtTheModelsPathWithAltSseAndTheKeyInAHeader() throws Exception {
    server.enqueue(sseResponse(sse("start", "t:Hi", "stop")));

    try (ChatStream stream = adapter(new FakeCodec(WireFormat.GEMINI), "/", LONG_READ_TIMEOUT)
        .stream(request("gemini-2.5-flash"), options())) {
      assertThat(drain(stream)).hasSize(6);
    }

    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getTarget()).isEqualTo("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
    assertThat(recorded.getUrl().queryParameter("key")).isNull();
    assertThat(recorded.getHeaders().get("x-goog-api-key")).isEqualTo(KEY.reveal());
    assertThat(recorded.getHeaders().get("Accept")).isEqualTo("text/event-stream");
    assertThat(recorded.getBody().utf8()).contains("\"stream\":true");
  }

  @Test
  void withoutAKeyNoAuthenticationHeaderIsSent() throws Exception {
    server.enqueue(new MockResponse.Builder().body("{\"text\":\"ok\"}").build());

    adapter(new FakeCodec(WireFormat.OPENAI_CHAT), "/v1", LONG_READ_TIMEOUT).chat(request("llama3"), CallOptions.of(null));

    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getHeaders().names()).doesNotContain("Authorization", "x-api-key", "x-goog-api-key");
  }

  @Test
  void anUnreadableSuccessIsAnUpstreamErrorOfThisProvider() {
    server.enqueue(new MockResponse.Builder().body("<html>maintenance</html>").build());

    assertThatThrownBy(() -> adapter(new FakeCodec(WireFormat.OPENAI_CHAT), "/v1", LONG_READ_TIMEOUT)
            .chat(request("gpt-x"), options()))
        .isInstanceOfSatisfying(UpstreamServerException.class, e -> assertThat(e.provider()).isEqualTo(PROVIDER));
  }

  // ---- streams ----

  @Test
  void aStreamYieldsTheDecodedEventsInOrderAndFreesItsConnection() {
    server.enqueue(sseResponse(sse("start", "t:Hel", "t:lo", "stop")));

    List<StreamEvent> events;
    try (ChatStream stream = adapter(new FakeCodec(WireFormat.OPENAI_CHAT), "/v1", LONG_READ_TIMEOUT)
        .stream(request("gpt-x"), options())) {
      events = drain(stream);
    }

    assertThat(events).containsExactly(
        new StreamEvent.MessageStart("msg_1", "fake-model", Usage.ZERO),
        new StreamEvent.BlockStart(0, TextBlock.of("")),
        new StreamEvent.TextDelta(0, "Hel"),
        new StreamEvent.TextDelta(0, "lo"),
        new StreamEvent.BlockStop(0),
        new StreamEvent.MessageDelta(StopReason.of(StopReason.Kind.END_TURN, "stop"), null),
        new StreamEvent.MessageStop());
    assertThat(transport.client().dispatcher().runningCallsCount()).isZero();
    assertThat(transport.client().connectionPool().idleConnectionCount()).isEqualTo(1);
  }

  @Test
  void aStreamTrickledAFewBytesPerReadYieldsTheSameEvents() {
    String body = sse("start", "t:Hello, ", "t:world", "stop");
    server.enqueue(sseResponse(body).newBuilder().throttleBody(3, 1, TimeUnit.MILLISECONDS).build());

    try (ChatStream stream = adapter(new FakeCodec(WireFormat.OPENAI_CHAT), "/v1", LONG_READ_TIMEOUT)
        .stream(request("gpt-x"), options())) {
      assertThat(drain(stream)).containsSubsequence(
              new StreamEvent.TextDelta(0, "Hello, "), new StreamEvent.TextDelta(0, "world"))
          .hasSize(7)
          .last().isEqualTo(new StreamEvent.MessageStop());
    }
  }

  @Test
  void nothingIsReadAfterTheFinalEvent() {
    server.enqueue(sseResponse(sse("start", "stop", "t:late")));

    try (ChatStream stream = adapter(new FakeCodec(WireFormat.OPENAI_CHAT), "/v1", LONG_READ_TIMEOUT)
        .stream(request("gpt-x"), options())) {
      assertThat(drain(stream)).last().isEqualTo(new StreamEvent.MessageStop());
    }
  }

  @Test
  void aStreamCutMidBodyEndsWithAConnectionErrorAfterTheEventsReceived() {
    server.enqueue(sseResponse(sse("start", "t:Hello") + padding() + sse("stop")).newBuilder()
        .onResponseBody(new SocketEffect.CloseSocket())
        .build());

    List<StreamEvent> events;
    try (ChatStream stream = adapter(new FakeCodec(WireFormat.OPENAI_CHAT), "/v1", LONG_READ_TIMEOUT)
        .stream(request("gpt-x"), options())) {
      events = drain(stream);
    }

    assertThat(events).startsWith(
        new StreamEvent.MessageStart("msg_1", "fake-model", Usage.ZERO),
        new StreamEvent.BlockStart(0, TextBlock.of("")),
        new StreamEvent.TextDelta(0, "Hello"));
    assertThat(events).hasSize(4);
    assertStreamError(events.get(3), ConnectionException.class);
    assertThat(((StreamEvent.StreamError) events.get(3)).error()).hasMessageStartingWith("provider 'upstream-a': stream failed (");
  }

  @Test
  void aStalledStreamHitsTheReadTimeout() {
    server.enqueue(sseResponse(sse("start", "t:Hello") + padding() + sse("stop")).newBuilder()
        .onResponseBody(SocketEffect.Stall.INSTANCE)
        .build());

    List<StreamEvent> events;
    try (ChatStream stream = adapter(new FakeCodec(WireFormat.OPENAI_CHAT), "/v1", SHORT_READ_TIMEOUT)
        .stream(request("gpt-x"), options())) {
      events = drain(stream);
    }

    assertThat(events).hasSize(4).element(2).isEqualTo(new StreamEvent.TextDelta(0, "Hello"));
    assertStreamError(events.get(3), UpstreamTimeoutException.class);
    assertThat(((StreamEvent.StreamError) events.get(3)).error())
        .hasMessageStartingWith("provider 'upstream-a': stream timed out (SocketTimeoutException");
  }

  @Test
  void anEndOfBodyBeforeTheFinalEventLetsTheDecoderCloseTheGrammar() {
    server.enqueue(sseResponse(sse("start", "t:Hello")));

    List<StreamEvent> events;
    try (ChatStream stream = adapter(new FakeCodec(WireFormat.OPENAI_CHAT), "/v1", LONG_READ_TIMEOUT)
        .stream(request("gpt-x"), options())) {
      events = drain(stream);
    }

    assertThat(events).hasSize(4);
    assertStreamError(events.get(3), ConnectionException.class);
    assertThat(((StreamEvent.StreamError) events.get(3)).error()).hasMessage("fake stream cut before stop");
  }

  @Test
  void anEndOfBodyADecoderLeavesOpenStillEndsWithAnError() {
    server.enqueue(sseResponse(sse("start", "t:Hello")));
    FakeCodec silentAtEof = new FakeCodec(WireFormat.OPENAI_CHAT, false, false);

    List<StreamEvent> events;
    try (ChatStream stream = adapter(silentAtEof, "/v1", LONG_READ_TIMEOUT).stream(request("gpt-x"), options())) {
      events = drain(stream);
    }

    assertThat(events).hasSize(4);
    assertStreamError(events.get(3), ConnectionException.class);
  }

  @Test
  void anInBandErrorEndsTheStreamAndNamesTheProvider() {
    server.enqueue(sseResponse(sse("start") + "event: error\ndata: Overloaded\n\n" + sse("t:ignored", "stop")));

    List<StreamEvent> events;
    try (ChatStream stream = adapter(new FakeCodec(WireFormat.OPENAI_CHAT), "/v1", LONG_READ_TIMEOUT)
        .stream(request("gpt-x"), options())) {
      events = drain(stream);
    }

    assertThat(events).hasSize(3);
    assertStreamError(events.get(2), OverloadedException.class);
  }

  @Test
  @Timeout(10)
  void anUndecodableEventEndsTheStreamAndDropsTheConnectionWithoutDrainingIt() {
    server.enqueue(sseResponse(sse("start", "boom", "t:ignored") + padding() + sse("stop")).newBuilder()
        .onResponseBody(SocketEffect.Stall.INSTANCE)
        .build());

    List<StreamEvent> events;
    try (ChatStream stream = adapter(new FakeCodec(WireFormat.OPENAI_CHAT), "/v1", LONG_READ_TIMEOUT)
        .stream(request("gpt-x"), options())) {
      events = drain(stream);
    }

    assertThat(events).hasSize(3);
    assertStreamError(events.get(2), UpstreamServerException.class);
    assertThat(transport.client().connectionPool().connectionCount()).isZero();
  }

  @Test
  void closingMidStreamCancelsTheCallAndEndsIteration() {
    AtomicInteger canceled = new AtomicInteger();
    OkHttpClient client = transport.client(null, LONG_READ_TIMEOUT).newBuilder().eventListener(new EventListener() {
      @Override
      public void canceled(Call call) {
        canceled.incrementAndGet();
      }
    }).build();
    server.enqueue(sseResponse(sse("start", "t:Hello") + padding() + sse("stop")).newBuilder()
        .onResponseBody(SocketEffect.Stall.INSTANCE)
        .build());
    FakeCodec codec = new FakeCodec(WireFormat.OPENAI_CHAT);
    HttpProviderAdapter adapter = new HttpProviderAdapter(PROVIDER, codec, endpoint(codec, "/v1"), client);

    ChatStream stream = adapter.stream(request("gpt-x"), options());
    Iterator<StreamEvent> events = stream.iterator();
    assertThat(events.next()).isInstanceOf(StreamEvent.MessageStart.class);
    stream.close();
    stream.close();

    assertThat(canceled).hasValue(1);
    assertThat(events.hasNext()).isFalse();
    assertThat(client.dispatcher().runningCallsCount()).isZero();
    assertThat(client.connectionPool().connectionCount()).isZero();
  }

  @Test
  @Timeout(10)
  void closingFromAnotherThreadUnblocksAReadWithoutAnError() throws Exception {
    server.enqueue(sseResponse(sse("start", "t:Hello") + padding() + sse("stop")).newBuilder()
        .onResponseBody(SocketEffect.Stall.INSTANCE)
        .build());
    ChatStream stream = adapter(new FakeCodec(WireFormat.OPENAI_CHAT), "/v1", LONG_READ_TIMEOUT)
        .stream(request("gpt-x"), options());
    Iterator<StreamEvent> events = stream.iterator();
    for (int i = 0; i < 3; i++) {
      events.next(); // MessageStart, BlockStart, TextDelta: all the server sends before it stalls
    }
    CountDownLatch reading = new CountDownLatch(1);
    Thread closer = new Thread(() -> {
      try {
        reading.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      stream.close();
    });
    closer.start();

    reading.countDown();
    boolean more = events.hasNext();

    closer.join();
    assertThat(more).isFalse();
    assertThat(transport.client().dispatcher().runningCallsCount()).isZero();
  }

  @Test
  void aStreamIsIteratedOnce() {
    server.enqueue(sseResponse(sse("start", "stop")));

    try (ChatStream stream = adapter(new FakeCodec(WireFormat.OPENAI_CHAT), "/v1", LONG_READ_TIMEOUT)
        .stream(request("gpt-x"), options())) {
      stream.iterator();
      assertThatThrownBy(stream::iterator).isInstanceOf(IllegalStateException.class)
          .hasMessage("a ChatStream can be iterated only once");
    }
  }

  // ---- error statuses ----

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "400, BadRequestException",
      "401, AuthenticationException",
      "403, PermissionDeniedException",
      "404, NotFoundException",
      "408, UpstreamTimeoutException",
      "413, BadRequestException",
      "422, BadRequestException",
      "429, RateLimitedException",
      "500, UpstreamServerException",
      "502, UpstreamServerException",
      "503, OverloadedException",
      "504, UpstreamTimeoutException",
      "529, OverloadedException",
  })
  void anErrorStatusGoesThroughTheCodecToATypedExceptionOfThisProvider(int status, String type) throws Exception {
    Class<? extends LlmException> expected = exceptionClass(type);
    for (boolean stream : new boolean[] {false, true}) {
      server.enqueue(errorResponse(status));
      FakeCodec codec = new FakeCodec(WireFormat.OPENAI_CHAT);
      HttpProviderAdapter adapter = adapter(codec, "/v1", LONG_READ_TIMEOUT);

      LlmException error = catchThrowableOfType(expected, () -> call(adapter, stream));

      assertThat(error).as("stream=%s", stream).isNotNull();
      assertThat(error.provider()).isEqualTo(PROVIDER);
      assertThat(error.upstreamStatus()).isEqualTo(status);
      assertThat(error.retryAfter()).isEqualTo(Duration.ofMillis(1500));
      assertThat(error).hasMessage("nope " + status);
      assertThat(codec.lastError).isEqualTo(new FakeCodec.ErrorCall(status, "7", "1500", "nope " + status));
      assertThat(server.takeRequest().getHeaders().get("Accept"))
          .isEqualTo(stream ? "text/event-stream" : "application/json");
    }
  }

  @Test
  void retryAfterInSecondsReachesTheRateLimitError() {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("retry-after", "20").body("slow down").build());

    assertThatThrownBy(() -> adapter(new FakeCodec(WireFormat.OPENAI_CHAT), "/v1", LONG_READ_TIMEOUT)
            .chat(request("gpt-x"), options()))
        .isInstanceOfSatisfying(RateLimitedException.class,
            e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(20)));
  }

  @Test
  void aCodecThatCannotReadTheErrorBodyStillYieldsATypedRetryableError() {
    server.enqueue(new MockResponse.Builder().code(502).addHeader("retry-after", "3")
        .body("<html><body>Bad Gateway</body></html>").build());
    FakeCodec failing = new FakeCodec(WireFormat.OPENAI_CHAT, true, true);

    assertThatThrownBy(() -> adapter(failing, "/v1", LONG_READ_TIMEOUT).chat(request("gpt-x"), options()))
        .isInstanceOfSatisfying(UpstreamServerException.class, e -> {
          assertThat(e.provider()).isEqualTo(PROVIDER);
          assertThat(e.upstreamStatus()).isEqualTo(502);
          assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(3));
          assertThat(e.retryable()).isTrue();
        });
  }

  @Test
  void anErrorBodyIsReadUpToABound() {
    server.enqueue(new MockResponse.Builder().code(500).body("x".repeat(200 * 1024)).build());
    FakeCodec codec = new FakeCodec(WireFormat.OPENAI_CHAT);

    assertThatThrownBy(() -> adapter(codec, "/v1", LONG_READ_TIMEOUT).chat(request("gpt-x"), options()))
        .isInstanceOf(UpstreamServerException.class);
    assertThat(codec.lastError.body()).hasSize(UpstreamFailures.MAX_ERROR_BODY);
  }

  // ---- transport failures ----

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aRefusedConnectionIsAConnectionErrorOfThisProvider(boolean stream) throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    FakeCodec codec = new FakeCodec(WireFormat.OPENAI_CHAT);
    Endpoint endpoint = Endpoint.of(PROVIDER, WireFormat.OPENAI_CHAT, "http://127.0.0.1:" + closedPort + "/v1",
        Map.of(), Map.of());
    HttpProviderAdapter adapter =
        new HttpProviderAdapter(PROVIDER, codec, endpoint, transport.client(Duration.ofSeconds(2), LONG_READ_TIMEOUT));

    ConnectionException error = catchThrowableOfType(ConnectionException.class, () -> call(adapter, stream));

    assertThat(error.provider()).isEqualTo(PROVIDER);
    assertThat(error.upstreamStatus()).isZero();
    assertThat(error).hasMessageStartingWith("provider 'upstream-a': request failed (ConnectException");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aSocketClosedBeforeTheHeadersIsAConnectionError(boolean stream) {
    server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());

    ConnectionException error = catchThrowableOfType(ConnectionException.class,
        () -> call(adapter(new FakeCodec(WireFormat.OPENAI_CHAT), "/v1", LONG_READ_TIMEOUT), stream));

    assertThat(error.provider()).isEqualTo(PROVIDER);
    assertThat(server.getRequestCount()).as("the router retries, not OkHttp").isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void headersThatNeverComeHitTheReadTimeout(boolean stream) {
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());

    UpstreamTimeoutException error = catchThrowableOfType(UpstreamTimeoutException.class,
        () -> call(adapter(new FakeCodec(WireFormat.OPENAI_CHAT), "/v1", SHORT_READ_TIMEOUT), stream));

    assertThat(error.provider()).isEqualTo(PROVIDER);
    assertThat(error).hasMessageStartingWith("provider 'upstream-a': request timed out");
  }

  @Test
  void theAttemptTimeoutBoundsAWholeChat() {
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    CallOptions options = new CallOptions("req-7", KEY, Map.of(), Duration.ofMillis(300));

    assertThatThrownBy(() -> adapter(new FakeCodec(WireFormat.OPENAI_CHAT), "/v1", LONG_READ_TIMEOUT)
            .chat(request("gpt-x"), options))
        .isInstanceOfSatisfying(UpstreamTimeoutException.class, e -> assertThat(e.provider()).isEqualTo(PROVIDER));
  }

  // ---- secrets ----

  @Test
  void theKeyAppearsInNoMessageToStringOrLogLine() {
    List<Object> seen = new ArrayList<>();
    String log;
    try (LogCapture capture = new LogCapture()) {
      FakeCodec codec = new FakeCodec(WireFormat.OPENAI_CHAT);
      String base = server.url("/openai/v1").newBuilder().addQueryParameter("api-version", "2024-10-21").build().toString();
      HttpProviderAdapter adapter = new HttpProviderAdapter(PROVIDER, codec,
          Endpoint.of(PROVIDER, WireFormat.OPENAI_CHAT, base, Map.of(), Map.of()),
          transport.client(null, SHORT_READ_TIMEOUT));
      CallOptions options = options();
      seen.add(adapter);
      seen.add(options);

      // an upstream that quotes the rejected key
      server.enqueue(new MockResponse.Builder().code(401).body("Incorrect API key provided: " + KEY.reveal()).build());
      seen.add(catchThrowableOfType(AuthenticationException.class, () -> adapter.chat(request("gpt-x"), options)));
      server.enqueue(errorResponse(429));
      seen.add(catchThrowableOfType(RateLimitedException.class, () -> adapter.stream(request("gpt-x"), options)));
      server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
      seen.add(catchThrowableOfType(UpstreamTimeoutException.class, () -> adapter.chat(request("gpt-x"), options)));
      server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
      seen.add(catchThrowableOfType(ConnectionException.class, () -> adapter.chat(request("gpt-x"), options)));
      server.enqueue(sseResponse(sse("start") + "event: error\ndata: bad key " + KEY.reveal() + "\n\n"));
      try (ChatStream stream = adapter.stream(request("gpt-x"), options)) {
        seen.add(stream);
        seen.addAll(drain(stream));
      }
      server.enqueue(new MockResponse.Builder().body("{\"text\":\"fine\"}").build());
      adapter.chat(request("gpt-x"), options);
      log = capture.text();
    }

    assertThat(seen).hasSize(10);
    for (Object o : seen) {
      assertThat(o.toString()).doesNotContain(KEY.reveal());
      if (o instanceof Throwable t) {
        assertNoKeyInChain(t);
      } else if (o instanceof StreamEvent.StreamError e) {
        assertNoKeyInChain(e.error());
      }
    }
    assertThat(((Throwable) seen.get(2))).hasMessageContaining(KEY.fingerprint());
    assertThat(log)
        .contains("provider=upstream-a request=req-7 POST localhost/openai/v1/chat/completions -> 401 in ")
        .contains("POST localhost/openai/v1/chat/completions -> 429 in ")
        .contains("POST localhost/openai/v1/chat/completions -> 200 stream in ")
        .contains("POST localhost/openai/v1/chat/completions -> SocketTimeoutException in ")
        .contains("POST localhost/openai/v1/chat/completions -> 200 in ")
        .doesNotContain(KEY.reveal())
        .doesNotContain("api-version")
        .doesNotContainIgnoringCase("authorization")
        .doesNotContain("fine");
  }

  // ---- helpers ----

  private static void assertNoKeyInChain(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      assertThat(String.valueOf(c.getMessage())).doesNotContain(KEY.reveal());
      assertThat(c.toString()).doesNotContain(KEY.reveal());
    }
  }

  private HttpProviderAdapter adapter(FakeCodec codec, String basePath, Duration readTimeout) {
    return new HttpProviderAdapter(PROVIDER, codec, endpoint(codec, basePath), transport.client(null, readTimeout));
  }

  private Endpoint endpoint(FakeCodec codec, String basePath) {
    return Endpoint.of(PROVIDER, codec.format(), server.url(basePath).toString(), Map.of(), Map.of());
  }

  private static Object call(HttpProviderAdapter adapter, boolean stream) {
    if (!stream) {
      return adapter.chat(request("gpt-x"), options());
    }
    try (ChatStream opened = adapter.stream(request("gpt-x"), options())) {
      return drain(opened);
    }
  }

  private static ChatRequest request(String model) {
    return ChatRequest.builder().model(model).addMessage(Message.user("hi")).build();
  }

  private static CallOptions options() {
    return new CallOptions("req-7", KEY, Map.of(), null);
  }

  private static List<StreamEvent> drain(ChatStream stream) {
    List<StreamEvent> events = new ArrayList<>();
    stream.forEach(events::add);
    return events;
  }

  private static String sse(String... data) {
    StringBuilder sb = new StringBuilder();
    for (String d : data) {
      sb.append("data: ").append(d).append("\n\n");
    }
    return sb.toString();
  }

  /** Ignored events that push the rest of a body past the half-way point where socket effects fire. */
  private static String padding() {
    return sse("pad:" + "x".repeat(2000), "pad:" + "y".repeat(2000));
  }

  private static MockResponse sseResponse(String body) {
    return new MockResponse.Builder().addHeader("Content-Type", "text/event-stream").body(body).build();
  }

  private static MockResponse errorResponse(int status) {
    return new MockResponse.Builder()
        .code(status)
        .addHeader("Retry-After", "7")
        .addHeader("retry-after-ms", "1500")
        .body("nope " + status)
        .build();
  }

  private static Class<? extends LlmException> exceptionClass(String simpleName) {
    List<Class<? extends LlmException>> types = List.of(BadRequestException.class, AuthenticationException.class,
        PermissionDeniedException.class, NotFoundException.class, UpstreamTimeoutException.class,
        RateLimitedException.class, UpstreamServerException.class, OverloadedException.class);
    return types.stream().filter(c -> c.getSimpleName().equals(simpleName)).findFirst().orElseThrow();
  }

  private static void assertStreamError(StreamEvent event, Class<? extends LlmException> type) {
    assertThat(event).isInstanceOf(StreamEvent.StreamError.class);
    LlmException error = ((StreamEvent.StreamError) event).error();
    assertThat(error).isInstanceOf(type);
    assertThat(error.provider()).isEqualTo(PROVIDER);
  }
}
