package dev.llmrouter.adapters.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.adapters.testing.Fixtures;
import dev.llmrouter.api.NativeRequest;
import dev.llmrouter.api.NativeResponse;
import dev.llmrouter.api.Secret;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.error.BadRequestException;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.api.spi.SelectionStrategy;
import dev.llmrouter.api.stream.ChatStream;
import dev.llmrouter.api.stream.StreamEvent;
import dev.llmrouter.core.LlmRouter;
import dev.llmrouter.core.ModelGroup;
import dev.llmrouter.core.ProviderConfig;
import dev.llmrouter.core.RouterClock;
import dev.llmrouter.core.keys.KeyPool;
import dev.llmrouter.core.resilience.RetryConfig;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The router over the real OkHttp adapters and codecs, against MockWebServer upstreams that fail on
 * purpose. Each test asserts who was called and how often, what the caller got, and that nothing was
 * sent again once the caller had the first byte of an answer.
 *
 * <p>Upstreams: {@code openai-a} (three keys, short read timeout) and {@code openai-c} (one key) speak
 * OpenAI Chat; {@code anthropic-b} (short read timeout) speaks Anthropic Messages. Backoff and
 * Retry-After go through a manual clock (recorded, never waited); socket timeouts are real and short.
 */
@Timeout(20)
class RoutingFaultInjectionTest {
  /** Tries deployments in configuration order, so tests know who comes first. */
  private static final SelectionStrategy IN_ORDER = new SelectionStrategy() {
    @Override
    public Candidate select(String group, List<Candidate> candidates, ChatRequest request) {
      return candidates.get(0);
    }

    @Override
    public boolean readsRequestContent() {
      return false; // so that passthrough calls stay undecoded, as with the stock strategies
    }
  };
  private static final Duration SHORT_READ_TIMEOUT = Duration.ofMillis(500);

  @StartStop private final MockWebServer serverA = new MockWebServer();
  @StartStop private final MockWebServer serverB = new MockWebServer();
  @StartStop private final MockWebServer serverC = new MockWebServer();
  private final ManualClock clock = new ManualClock();

  /** A router on {@code routerClock}, or on its own real clock when that is null. */
  private LlmRouter.Builder router(RouterClock routerClock, RetryConfig retry) {
    LlmRouter.Builder builder = LlmRouter.builder();
    if (routerClock != null) {
      builder.clock(routerClock);
    }
    return builder
        .selection(IN_ORDER)
        .retry(retry)
        .addProvider(ProviderConfig.builder("openai-a", "openai").baseUrl(serverA.url("/v1").toString())
            .apiKeys(Secret.parseList("sk-a1 sk-a2 sk-a3")).readTimeout(SHORT_READ_TIMEOUT).build())
        .addProvider(ProviderConfig.builder("openai-c", "openai").baseUrl(serverC.url("/v1").toString())
            .apiKey(Secret.of("sk-c")).build())
        .addProvider(ProviderConfig.builder("anthropic-b", "anthropic").baseUrl(serverB.url("/").toString())
            .apiKey(Secret.of("sk-b")).readTimeout(SHORT_READ_TIMEOUT).build())
        .route("solo", "openai-c", "gpt-5.4-mini")
        .route("keys", "openai-a", "gpt-5.4-mini")
        .addModelGroup(ModelGroup.builder("pair")
            .deployment("openai-a", "gpt-5.4-mini").deployment("openai-c", "gpt-5.4-mini").build())
        .addModelGroup(ModelGroup.builder("claude-main")
            .deployment("anthropic-b", "claude-sonnet-4-6").fallbackTo("openai-a/gpt-5.4-mini").build());
  }

  private LlmRouter router() {
    return router(clock, RetryConfig.builder().maxAttempts(2).backoff(Duration.ofSeconds(1), Duration.ofSeconds(8))
        .jitter(0).build()).build();
  }

  private static ChatRequest ask(String model) {
    return ChatRequest.builder().model(model).addMessage(Message.user("Say hello in exactly three words."))
        .maxTokens(256).build();
  }

  // ---- upstream answers, from the golden fixtures ----

  private static MockResponse openAiAnswer() {
    return json(200, Fixtures.text("openai-chat/01-simple-text.response.json"));
  }

  private static MockResponse anthropicAnswer() {
    return json(200, Fixtures.text("anthropic/01-simple-text.response.json"));
  }

  private static String openAiEvents() {
    return Fixtures.text("openai-chat/01-simple-text.response.sse");
  }

  /** The OpenAI stream cut in two: the role chunk and "Hello", then the rest, with padding between. */
  private static MockResponse openAiStreamWith(SocketEffect afterHello) {
    String all = openAiEvents();
    int cut = all.indexOf("data:", all.indexOf("\"Hello\""));
    // the effect hits mid-body: padding makes sure what comes before it has been flushed
    String padding = ": " + "x".repeat(4000) + "\n\n" + ": " + "y".repeat(4000) + "\n\n";
    return sse(all.substring(0, cut) + padding + all.substring(cut)).newBuilder().onResponseBody(afterHello).build();
  }

  private static MockResponse json(int status, String body) {
    return new MockResponse.Builder().code(status).addHeader("content-type", "application/json").body(body).build();
  }

  private static MockResponse sse(String body) {
    return new MockResponse.Builder().addHeader("content-type", "text/event-stream").body(body).build();
  }

  private static MockResponse openAiRateLimited(String retryAfterSeconds) {
    return json(429, Fixtures.text("openai-chat/08-error-rate-limit.response.json")).newBuilder()
        .addHeader("retry-after", retryAfterSeconds).build();
  }

  private static MockResponse anthropicOverloaded() {
    return json(529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");
  }

  private static String authorization(RecordedRequest request) {
    String bearer = request.getHeaders().get("Authorization");
    return bearer != null ? bearer.substring("Bearer ".length()) : request.getHeaders().get("x-api-key");
  }

  private static List<String> keysSeen(MockWebServer server) throws InterruptedException {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < server.getRequestCount(); i++) {
      keys.add(authorization(server.takeRequest()));
    }
    return keys;
  }

  private static List<String> describe(ChatStream stream) {
    List<String> seen = new ArrayList<>();
    for (StreamEvent event : stream) {
      if (event instanceof StreamEvent.TextDelta d) {
        seen.add("text:" + d.text());
      } else if (event instanceof StreamEvent.StreamError e) {
        seen.add("error:" + e.error().kind());
      } else {
        seen.add(event.getClass().getSimpleName());
      }
    }
    return seen;
  }

  private static String body(NativeResponse response) {
    if (!response.isStream()) {
      return new String(response.body(), StandardCharsets.UTF_8);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] chunk : response.bodyStream()) {
      out.writeBytes(chunk);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static NativeRequest anthropicStreamRequest(String model) {
    String body = "{\"model\":\"" + model + "\",\"max_tokens\":256,\"stream\":true,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello in exactly three words.\"}]}";
    return NativeRequest.builder(WireFormat.ANTHROPIC_MESSAGES, body.getBytes(StandardCharsets.UTF_8)).build();
  }

  // ---- malformed bodies: passthrough reads only model and stream ----

  /**
   * Passthrough does not decode the body: one that routes (its model and stream read plainly) but that
   * the Anthropic decoder would refuse goes to the Anthropic upstream as received, and the upstream's
   * own 400 reaches the client in the Anthropic envelope, with the upstream's message.
   */
  @Test
  void aMalformedBodyInPassthroughGetsTheUpstreamsOwnRefusalInTheClientsEnvelope() throws Exception {
    serverB.enqueue(json(400, "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
        + "\"message\":\"messages: Input should be a valid list\"}}"));
    String body = "{\"model\":\"claude-main\",\"max_tokens\":256,\"messages\":\"not a list\"}";
    try (LlmRouter router = router();
        NativeResponse response = router.handle(
            NativeRequest.builder(WireFormat.ANTHROPIC_MESSAGES, body.getBytes(StandardCharsets.UTF_8)).build())) {
      assertThat(response.status()).isEqualTo(400);
      assertThat(body(response)).contains("\"type\":\"invalid_request_error\"")
          .contains("messages: Input should be a valid list");
      assertThat(serverB.takeRequest().getBody().utf8()).isEqualTo(body.replace("claude-main", "claude-sonnet-4-6"));
      assertThat(serverA.getRequestCount()).isZero(); // the request's own error is not failed over
    }
  }

  /** Not JSON at all: the scan cannot route it, the decoder says what is wrong, nobody is called. */
  @Test
  void aBodyThatIsNotJsonIsRefusedByTheRouterInTheClientsEnvelope() {
    String body = "{\"model\":\"claude-main\",\"messages\":[";
    try (LlmRouter router = router();
        NativeResponse response = router.handle(
            NativeRequest.builder(WireFormat.ANTHROPIC_MESSAGES, body.getBytes(StandardCharsets.UTF_8)).build())) {
      assertThat(response.status()).isEqualTo(400);
      assertThat(body(response)).contains("\"type\":\"invalid_request_error\"");
      assertThat(serverB.getRequestCount()).isZero();
    }
  }

  /** A translation needs the whole request: the router's decoder refuses the body before any call. */
  @Test
  void aMalformedBodyForATranslatedRouteIsRefusedByTheRouterBeforeAnyCall() {
    String body = "{\"model\":\"solo\",\"max_tokens\":256,\"messages\":\"not a list\"}";
    try (LlmRouter router = router();
        NativeResponse response = router.handle(
            NativeRequest.builder(WireFormat.ANTHROPIC_MESSAGES, body.getBytes(StandardCharsets.UTF_8)).build())) {
      assertThat(response.status()).isEqualTo(400);
      assertThat(body(response)).contains("\"type\":\"invalid_request_error\"").contains("messages");
      assertThat(serverC.getRequestCount()).isZero();
    }
  }

  // ---- rate limits and keys ----

  @Test
  void aRateLimitWithRetryAfterOnTheOnlyKeyIsWaitedForThenRetried() throws Exception {
    serverC.enqueue(openAiRateLimited("3"));
    serverC.enqueue(openAiAnswer());
    try (LlmRouter router = router()) {
      assertThat(router.chat(ask("solo")).text()).isEqualTo("Hello there, friend!");
    }
    assertThat(keysSeen(serverC)).containsExactly("sk-c", "sk-c");
    assertThat(clock.sleeps).containsExactly(Duration.ofSeconds(3));
  }

  @Test
  void aRateLimitOnOneKeyHandsOverToTheNextKeyWithoutWaiting() throws Exception {
    serverA.enqueue(openAiRateLimited("20"));
    serverA.enqueue(openAiAnswer());
    try (LlmRouter router = router()) {
      assertThat(router.chat(ask("keys")).text()).isEqualTo("Hello there, friend!");
      assertThat(router.keyPool("openai-a").status()).extracting(KeyPool.KeyStatus::state)
          .containsExactly(KeyPool.KeyState.COOLING_DOWN, KeyPool.KeyState.AVAILABLE, KeyPool.KeyState.AVAILABLE);
    }
    assertThat(keysSeen(serverA)).containsExactly("sk-a1", "sk-a2");
    assertThat(clock.sleeps).isEmpty();
  }

  @Test
  void a401OnOneKeyOfThreeTakesThatKeyOutForGood() throws Exception {
    serverA.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return "sk-a2".equals(authorization(request))
            ? json(401, "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\","
                + "\"code\":\"invalid_api_key\"}}")
            : openAiAnswer();
      }
    });
    try (LlmRouter router = router()) {
      for (int i = 0; i < 6; i++) {
        assertThat(router.chat(ask("keys")).text()).isEqualTo("Hello there, friend!");
      }
      assertThat(router.keyPool("openai-a").status().get(1).state()).isEqualTo(KeyPool.KeyState.REVOKED);
    }
    List<String> keys = keysSeen(serverA);
    assertThat(keys).hasSize(7).filteredOn("sk-a2"::equals).hasSize(1);
    assertThat(keys.subList(2, 7)).containsOnly("sk-a1", "sk-a3");
  }

  // ---- failing deployments ----

  @Test
  void a503HandsOverToTheNextDeploymentOfTheGroup() {
    serverA.enqueue(json(503, "{\"error\":{\"message\":\"The server is overloaded\",\"type\":\"server_error\"}}"));
    serverC.enqueue(openAiAnswer());
    try (LlmRouter router = router()) {
      assertThat(router.chat(ask("pair")).provider()).isEqualTo("openai-c");
    }
    assertThat(serverA.getRequestCount()).isEqualTo(1);
    assertThat(serverC.getRequestCount()).isEqualTo(1);
    assertThat(clock.sleeps).isEmpty();
  }

  @Test
  void a529OverloadedIsRetriedAfterBackoff() {
    serverB.enqueue(anthropicOverloaded());
    serverB.enqueue(anthropicAnswer());
    try (LlmRouter router = router()) {
      assertThat(router.chat(ask("claude-main")).text()).isEqualTo("Hello there, friend!");
    }
    assertThat(serverB.getRequestCount()).isEqualTo(2);
    assertThat(serverA.getRequestCount()).isZero();
    assertThat(clock.sleeps).containsExactly(Duration.ofSeconds(1));
  }

  @Test
  void aConnectionResetBeforeTheHeadersFallsBackToAnotherProviderAndFormat() {
    serverB.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    serverB.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    serverA.enqueue(openAiAnswer());
    try (LlmRouter router = router()) {
      assertThat(router.chat(ask("claude-main")).provider()).isEqualTo("openai-a");
    }
    assertThat(serverB.getRequestCount()).isEqualTo(2);
    assertThat(serverA.getRequestCount()).isEqualTo(1);
  }

  @Test
  void theRequestsOwnErrorIsNotRetriedAndReachesTheCallerWithTheUpstreamsMessage() {
    serverA.enqueue(json(400, "{\"error\":{\"message\":\"Invalid 'messages[0].content': image too large\","
        + "\"type\":\"invalid_request_error\",\"param\":\"messages\",\"code\":null}}"));
    try (LlmRouter router = router()) {
      assertThatThrownBy(() -> router.chat(ask("pair")))
          .isInstanceOf(BadRequestException.class).hasMessageContaining("image too large");
    }
    assertThat(serverA.getRequestCount()).isEqualTo(1);
    assertThat(serverC.getRequestCount()).isZero();
  }

  // ---- streams ----

  @Test
  void aStreamResetAfterItsFirstTokenEndsWithAnErrorEventAndIsNotSentAgain() {
    serverA.enqueue(openAiStreamWith(new SocketEffect.CloseSocket()));
    try (LlmRouter router = router(); ChatStream stream = router.stream(ask("pair"))) {
      assertThat(describe(stream)).containsExactly("MessageStart", "BlockStart", "text:Hello", "error:CONNECTION");
    }
    assertThat(serverA.getRequestCount()).isEqualTo(1);
    assertThat(serverC.getRequestCount()).isZero();
  }

  @Test
  void aStreamThatStallsAfterItsFirstTokenEndsWithATimeoutEventAndIsNotSentAgain() {
    serverA.enqueue(openAiStreamWith(SocketEffect.Stall.INSTANCE));
    try (LlmRouter router = router(); ChatStream stream = router.stream(ask("pair"))) {
      assertThat(describe(stream)).containsExactly("MessageStart", "BlockStart", "text:Hello", "error:TIMEOUT");
    }
    assertThat(serverA.getRequestCount()).isEqualTo(1);
    assertThat(serverC.getRequestCount()).isZero();
  }

  @Test
  void aStreamWhoseHeadersStallIsRetriedOnTheNextDeployment() {
    serverA.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    serverC.enqueue(sse(openAiEvents()));
    try (LlmRouter router = router(); ChatStream stream = router.stream(ask("pair"))) {
      assertThat(describe(stream)).contains("text:Hello", "text: there,", "text: friend!").last().isEqualTo("MessageStop");
    }
    assertThat(serverA.getRequestCount()).isEqualTo(1);
    assertThat(serverC.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aFirstByteSlowerThanTheReadTimeoutIsRetriedOnTheNextDeployment() {
    serverA.enqueue(sse(openAiEvents()).newBuilder().bodyDelay(3, TimeUnit.SECONDS).build());
    serverC.enqueue(sse(openAiEvents()));
    try (LlmRouter router = router(); ChatStream stream = router.stream(ask("pair"))) {
      assertThat(describe(stream)).doesNotContain("error:TIMEOUT").last().isEqualTo("MessageStop");
    }
    assertThat(serverA.getRequestCount()).isEqualTo(1);
    assertThat(serverC.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aSlowFirstByteWithinTheReadTimeoutIsJustWaitedFor() {
    serverC.enqueue(sse(openAiEvents()).newBuilder().bodyDelay(200, TimeUnit.MILLISECONDS).build());
    try (LlmRouter router = router(); ChatStream stream = router.stream(ask("solo"))) {
      assertThat(describe(stream)).contains("text:Hello").last().isEqualTo("MessageStop");
    }
    assertThat(serverC.getRequestCount()).isEqualTo(1);
  }

  @Test
  void theRoutersIdleTimeoutClosesAStalledStreamThatTheSocketWouldWaitOnForLong() {
    // openai-c keeps the default 120 s read timeout: only the router's watchdog can end this
    serverC.enqueue(openAiStreamWith(SocketEffect.Stall.INSTANCE));
    RetryConfig retry = RetryConfig.builder().maxAttempts(1).streamIdleTimeout(Duration.ofMillis(300)).build();
    try (LlmRouter router = router(null, retry).build(); ChatStream stream = router.stream(ask("solo"))) {
      List<String> seen = describe(stream);
      assertThat(seen).containsExactly("MessageStart", "BlockStart", "text:Hello", "error:TIMEOUT");
    }
    assertThat(serverC.getRequestCount()).isEqualTo(1);
  }

  // ---- the native entry point ----

  @Test
  void aPassthroughStreamOverloadedRightAfterMessageStartFallsBackAndIsTranslated() {
    String overloadedAtOnce = "event: message_start\ndata: "
        + Fixtures.sse("anthropic/09-stream-error.response.sse").get(0).data() + "\n\n"
        + "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n";
    serverB.enqueue(sse(overloadedAtOnce));
    serverB.enqueue(sse(overloadedAtOnce));
    serverA.enqueue(sse(openAiEvents()));
    String answer;
    try (LlmRouter router = router(); NativeResponse response = router.handle(anthropicStreamRequest("claude-main"))) {
      answer = body(response);
    }
    assertThat(answer).contains("event: message_start", "\"text\":\"Hello\"", "event: message_stop")
        .doesNotContain("overloaded_error");
    assertThat(serverB.getRequestCount()).as("one retry after backoff, then the fallback").isEqualTo(2);
    assertThat(clock.sleeps).containsExactly(Duration.ofSeconds(1));
    assertThat(serverA.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aPassthroughStreamOverloadedAfterItsFirstTokenIsForwardedAsItWasAndNotSentAgain() {
    String upstream = Fixtures.text("anthropic/09-stream-error.response.sse");
    serverB.enqueue(sse(upstream));
    String answer;
    try (LlmRouter router = router(); NativeResponse response = router.handle(anthropicStreamRequest("claude-main"))) {
      answer = body(response);
    }
    assertThat(answer).isEqualTo(upstream);
    assertThat(serverB.getRequestCount()).isEqualTo(1);
    assertThat(serverA.getRequestCount()).isZero();
  }

  @Test
  void whenEveryUpstreamFailsTheClientGetsTheMostInformativeErrorInItsOwnEnvelope() {
    serverB.enqueue(anthropicOverloaded());
    serverB.enqueue(anthropicOverloaded());
    for (int i = 0; i < 3; i++) {
      serverA.enqueue(openAiRateLimited("90"));
    }
    try (LlmRouter router = router(); NativeResponse response = router.handle(anthropicStreamRequest("claude-main"))) {
      assertThat(response.status()).isEqualTo(429);
      assertThat(response.headers()).containsEntry("retry-after", "90");
      assertThat(body(response)).contains("\"type\":\"rate_limit_error\"");
    }
    assertThat(serverB.getRequestCount()).isEqualTo(2);
    assertThat(serverA.getRequestCount()).isEqualTo(3);
  }
}
