package dev.llmrouter.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.data.Offset.offset;

import dev.llmrouter.api.Secret;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.error.PermissionDeniedException;
import dev.llmrouter.api.error.RateLimitedException;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.api.spi.SelectionStrategy;
import dev.llmrouter.core.RecordingAdapterFactory.Call;
import dev.llmrouter.core.RecordingAdapterFactory.Outcome;
import dev.llmrouter.core.keys.KeyPool;
import dev.llmrouter.core.resilience.CircuitBreakerConfig;
import dev.llmrouter.core.resilience.CircuitState;
import dev.llmrouter.core.resilience.RetryConfig;
import dev.llmrouter.core.routing.SelectionStrategies;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Retries, key and deployment failover, fallback chains, circuit breakers and deadlines of whole
 * (non-streamed) calls, against scripted fake providers on a manual clock: every wait is recorded in
 * {@link ManualClock#sleeps}, none is real.
 */
class ChatResilienceTest {
  /** Tries deployments in configuration order, so tests know who comes first. */
  static final SelectionStrategy IN_ORDER = (group, candidates, request) -> candidates.get(0);

  private final ManualClock clock = new ManualClock();
  private final RecordingAdapterFactory upstream = new RecordingAdapterFactory(clock);
  private final RecordingListener listener = new RecordingListener();

  private static final RetryConfig RETRY =
      RetryConfig.builder().backoff(Duration.ofSeconds(1), Duration.ofSeconds(8)).jitter(0).build();

  private LlmRouter.Builder router() {
    return router(RETRY);
  }

  private LlmRouter.Builder router(RetryConfig retry) {
    return LlmRouter.builder()
        .clock(clock)
        .adapterFactory(upstream)
        .addListener(listener)
        .selection(IN_ORDER)
        .retry(retry)
        .addProvider(ProviderConfig.builder("alpha", "recording").wireFormat(WireFormat.OPENAI_CHAT)
            .apiKeys(Secret.parseList("a1 a2 a3")).build())
        .addProvider(ProviderConfig.builder("beta", "recording").wireFormat(WireFormat.ANTHROPIC_MESSAGES).build())
        .addProvider(ProviderConfig.builder("gamma", "recording").wireFormat(WireFormat.GEMINI)
            .apiKeys(Secret.parseList("g1")).build())
        .route("single", "alpha", "m-a")
        .route("solo-key", "gamma", "m-g")
        .route("second", "beta", "m-b")
        .route("third", "gamma", "m-g")
        .addModelGroup(ModelGroup.builder("pair").deployment("alpha", "m-a").deployment("beta", "m-b").build());
  }

  private static ChatRequest ask(String model) {
    return ChatRequest.builder().model(model).addMessage(Message.user("hi")).build();
  }

  private static List<String> who(List<Call> calls) {
    List<String> names = new ArrayList<>();
    for (Call call : calls) {
      names.add(call.provider() + (call.key() == null ? "" : ":" + call.key().reveal()));
    }
    return names;
  }

  @Test
  void aRateLimitOnTheOnlyKeyWaitsForItsRetryAfterThenSucceeds() {
    upstream.script("gamma", Outcome.rateLimited(Duration.ofSeconds(7)));
    try (LlmRouter router = router().build()) {
      assertThat(router.chat(ask("solo-key")).text()).isEqualTo("gamma:m-g");
    }
    assertThat(who(upstream.calls)).containsExactly("gamma:g1", "gamma:g1");
    assertThat(clock.sleeps).containsExactly(Duration.ofSeconds(7));
    assertThat(listener.events).contains("keyCooledDown gamma " + Secret.of("g1").fingerprint() + " 7s",
        "attemptFailed #1 RATE_LIMITED retry");
  }

  @Test
  void aRateLimitedKeyHandsOverToTheNextKeyAtOnceAndComesBackAfterItsCooldown() {
    upstream.script("alpha", Outcome.rateLimited(Duration.ofSeconds(30)));
    try (LlmRouter router = router().build()) {
      router.chat(ask("single"));
      assertThat(who(upstream.calls)).containsExactly("alpha:a1", "alpha:a2");
      assertThat(clock.sleeps).isEmpty();
      for (int i = 0; i < 4; i++) {
        router.chat(ask("single"));
      }
      assertThat(who(upstream.calls.subList(2, 6))).doesNotContain("alpha:a1");
      clock.advance(Duration.ofSeconds(30));
      for (int i = 0; i < 3; i++) {
        router.chat(ask("single"));
      }
      assertThat(who(upstream.calls.subList(6, 9))).containsExactlyInAnyOrder("alpha:a1", "alpha:a2", "alpha:a3");
    }
  }

  @Test
  void aKeyRefusedWith401IsTakenOutAndNeverUsedAgain() {
    upstream.onKey("a2", Outcome.status(401));
    try (LlmRouter router = router().build()) {
      for (int i = 0; i < 9; i++) {
        assertThat(router.chat(ask("single")).text()).isEqualTo("alpha:m-a");
      }
      assertThat(who(upstream.calls)).filteredOn("alpha:a2"::equals).hasSize(1);
      assertThat(upstream.calls).hasSize(10);
      assertThat(router.keyPool("alpha").status()).extracting(KeyPool.KeyStatus::state)
          .containsExactly(KeyPool.KeyState.AVAILABLE, KeyPool.KeyState.REVOKED, KeyPool.KeyState.AVAILABLE);
    }
    assertThat(clock.sleeps).isEmpty();
    assertThat(listener.matching("keyRevoked")).containsExactly("keyRevoked alpha " + Secret.of("a2").fingerprint() + " 401");
    assertThat(listener.matching("callFailed")).isEmpty();
  }

  @Test
  void aFailingDeploymentHandsOverToTheNextDeploymentOfTheGroupAtOnce() {
    upstream.script("alpha", Outcome.status(503));
    try (LlmRouter router = router().build()) {
      ChatResponse reply = router.chat(ask("pair"));
      assertThat(reply.text()).isEqualTo("beta:m-b");
      assertThat(reply.provider()).isEqualTo("beta");
    }
    assertThat(who(upstream.calls)).containsExactly("alpha:a1", "beta");
    assertThat(clock.sleeps).isEmpty();
    assertThat(listener.events).containsExactly(
        "callStart pair", "attemptStart #1 pair alpha/m-a", "attemptFailed #1 OVERLOADED retry",
        "attemptStart #2 pair beta/m-b", "callEnd beta 0");
  }

  static Stream<Arguments> transientFailures() {
    return Stream.of(
        Arguments.of("500", Outcome.status(500)),
        Arguments.of("502", Outcome.status(502)),
        Arguments.of("503", Outcome.status(503)),
        Arguments.of("504", Outcome.status(504)),
        Arguments.of("408", Outcome.status(408)),
        Arguments.of("529 overloaded", Outcome.status(529)),
        Arguments.of("connection reset", Outcome.connectionReset()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transientFailures")
  void transientFailuresOfTheOnlyDeploymentAreRetriedWithExponentialBackoff(String name, Outcome failure) {
    upstream.script("gamma", failure, failure);
    try (LlmRouter router = router().build()) {
      assertThat(router.chat(ask("solo-key")).text()).isEqualTo("gamma:m-g");
    }
    assertThat(upstream.calls).hasSize(3);
    assertThat(clock.sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(ints = {400, 404, 413, 422})
  void errorsOfTheRequestReachTheCallerAsTheyWereWithoutRetryFallbackOrBreaker(int status) {
    LlmException upstreamError = RecordingAdapterFactory.error(status, "invalid image at messages.0", null);
    upstream.script("alpha", Outcome.fail(upstreamError));
    try (LlmRouter router = router()
        .circuitBreaker(CircuitBreakerConfig.builder().failureThreshold(1).build())
        .addModelGroup(ModelGroup.builder("guarded").deployment("alpha", "m-a").deployment("beta", "m-b")
            .fallbackTo("third").build())
        .build()) {
      assertThatThrownBy(() -> router.chat(ask("guarded"))).isSameAs(upstreamError);
      assertThat(router.circuitState("alpha", "m-a")).isEqualTo(CircuitState.CLOSED);
    }
    assertThat(who(upstream.calls)).containsExactly("alpha:a1");
    assertThat(clock.sleeps).isEmpty();
    assertThat(listener.events).containsExactly("callStart guarded", "attemptStart #1 guarded alpha/m-a",
        "attemptFailed #1 " + upstreamError.kind() + " final", "callFailed " + upstreamError.kind());
  }

  @Test
  void aContextWindowErrorGoesToItsDedicatedFallbackAndNowhereElse() {
    LlmException tooLong = LlmException.builder(ErrorKind.CONTEXT_WINDOW_EXCEEDED, "prompt is too long: 210000 tokens")
        .upstreamStatus(400).upstreamType("invalid_request_error").build();
    upstream.script("alpha", Outcome.fail(tooLong));
    try (LlmRouter router = router()
        .addModelGroup(ModelGroup.builder("main").deployment("alpha", "m-a").deployment("gamma", "m-g")
            .fallbackTo("second").contextWindowFallback("third").build())
        .build()) {
      assertThat(router.chat(ask("main")).text()).isEqualTo("gamma:m-g");
    }
    assertThat(who(upstream.calls)).containsExactly("alpha:a1", "gamma:g1");
    assertThat(listener.matching("fallback")).containsExactly("fallback main -> third CONTEXT_WINDOW_EXCEEDED");
  }

  @Test
  void withoutADedicatedFallbackAContextWindowErrorIsTheCallersAsItWas() {
    LlmException tooLong = LlmException.builder(ErrorKind.CONTEXT_WINDOW_EXCEEDED, "prompt is too long")
        .upstreamStatus(400).build();
    upstream.script("alpha", Outcome.fail(tooLong));
    try (LlmRouter router = router()
        .addModelGroup(ModelGroup.builder("main").deployment("alpha", "m-a").fallbackTo("second").build())
        .build()) {
      assertThatThrownBy(() -> router.chat(ask("main"))).isSameAs(tooLong);
    }
    assertThat(who(upstream.calls)).containsExactly("alpha:a1");
  }

  @Test
  void aContentPolicyRefusalGoesToItsDedicatedFallback() {
    upstream.script("alpha", Outcome.fail(LlmException.builder(ErrorKind.CONTENT_POLICY, "blocked").upstreamStatus(400).build()));
    try (LlmRouter router = router()
        .addModelGroup(ModelGroup.builder("main").deployment("alpha", "m-a").contentPolicyFallback("second").build())
        .build()) {
      assertThat(router.chat(ask("main")).text()).isEqualTo("beta:m-b");
    }
    assertThat(who(upstream.calls)).containsExactly("alpha:a1", "beta");
  }

  @Test
  void theFallbackChainIsWalkedInOrderAcrossProvidersAfterEachGroupsRetries() {
    upstream.script("alpha", Outcome.status(503), Outcome.status(503), Outcome.status(503));
    upstream.script("beta", Outcome.connectionReset(), Outcome.connectionReset(), Outcome.connectionReset());
    try (LlmRouter router = router()
        .addModelGroup(ModelGroup.builder("main").deployment("alpha", "m-a").fallbackTo("second", "third").build())
        .build()) {
      ChatResponse reply = router.chat(ask("main"));
      assertThat(reply.text()).isEqualTo("gamma:m-g");
    }
    assertThat(who(upstream.calls)).containsExactly(
        "alpha:a1", "alpha:a2", "alpha:a3", "beta", "beta", "beta", "gamma:g1");
    assertThat(clock.sleeps).containsExactly(
        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(listener.matching("fallback")).containsExactly(
        "fallback main -> second OVERLOADED", "fallback second -> third CONNECTION");
  }

  @Test
  void whenEverythingFailsTheCallerGetsTheMostInformativeUpstreamErrorNotASyntheticOne() {
    LlmException rateLimited = RecordingAdapterFactory.error(429, "rate limit: try again in 120s", Duration.ofSeconds(120));
    upstream.failWith = RecordingAdapterFactory.error(503, "overloaded", null);
    upstream.script("beta", Outcome.fail(rateLimited));
    try (LlmRouter router = router()
        .addModelGroup(ModelGroup.builder("main").deployment("alpha", "m-a").fallbackTo("second").build())
        .build()) {
      RateLimitedException caught = catchThrowableOfType(RateLimitedException.class, () -> router.chat(ask("main")));
      assertThat(caught).isSameAs(rateLimited);
      assertThat(caught.retryAfter()).isEqualTo(Duration.ofSeconds(120));
    }
    // the 120 s retry-after exceeds the 60 s cap: beta is not waited for
    assertThat(who(upstream.calls)).containsExactly("alpha:a1", "alpha:a2", "alpha:a3", "beta");
    assertThat(listener.events).endsWith("attemptFailed #4 RATE_LIMITED final", "callFailed RATE_LIMITED");
  }

  @Test
  void theCircuitBreakerOpensSkipsTheDeploymentAndClosesAfterASuccessfulTrial() {
    upstream.script("alpha", Outcome.status(500), Outcome.status(500));
    try (LlmRouter router = router()
        .circuitBreaker(CircuitBreakerConfig.builder().failureThreshold(2).openDelay(Duration.ofSeconds(30)).build())
        .build()) {
      router.chat(ask("pair"));
      router.chat(ask("pair"));
      assertThat(router.circuitState("alpha", "m-a")).isEqualTo(CircuitState.OPEN);
      assertThat(router.chat(ask("pair")).provider()).isEqualTo("beta");
      assertThat(who(upstream.calls)).containsExactly("alpha:a1", "beta", "alpha:a2", "beta", "beta");

      clock.advance(Duration.ofSeconds(29));
      assertThat(router.chat(ask("pair")).provider()).isEqualTo("beta");
      clock.advance(Duration.ofSeconds(1));
      assertThat(router.circuitState("alpha", "m-a")).isEqualTo(CircuitState.HALF_OPEN);
      assertThat(router.chat(ask("pair")).provider()).isEqualTo("alpha");
      assertThat(router.circuitState("alpha", "m-a")).isEqualTo(CircuitState.CLOSED);
    }
    assertThat(listener.matching("circuit")).containsExactly(
        "circuit alpha/m-a CLOSED -> OPEN", "circuit alpha/m-a OPEN -> HALF_OPEN", "circuit alpha/m-a HALF_OPEN -> CLOSED");
  }

  @Test
  void anAttemptRefusedByAnInterceptorDoesNotUseUpAHalfOpenBreakersTrial() {
    upstream.script("alpha", Outcome.status(500));
    AtomicBoolean refuse = new AtomicBoolean();
    try (LlmRouter router = router()
        .circuitBreaker(CircuitBreakerConfig.builder().failureThreshold(1).openDelay(Duration.ofSeconds(10)).build())
        .addAttemptInterceptor(attempt -> {
          if (refuse.get() && attempt.provider().equals("alpha")) {
            throw LlmException.builder(ErrorKind.RATE_LIMITED, "tenant over its budget").build();
          }
        })
        .build()) {
      router.chat(ask("pair"));
      clock.advance(Duration.ofSeconds(10));
      refuse.set(true);
      assertThat(router.chat(ask("pair")).provider()).isEqualTo("beta");
      assertThat(router.circuitState("alpha", "m-a")).isEqualTo(CircuitState.HALF_OPEN);
      refuse.set(false);
      assertThat(router.chat(ask("pair")).provider()).isEqualTo("alpha");
      assertThat(router.circuitState("alpha", "m-a")).isEqualTo(CircuitState.CLOSED);
    }
  }

  @Test
  void whenEveryBreakerOfAGroupIsOpenTheCallFallsBackAtOnce() {
    upstream.script("alpha", Outcome.status(500));
    try (LlmRouter router = router()
        .circuitBreaker(CircuitBreakerConfig.builder().failureThreshold(1).build())
        .addModelGroup(ModelGroup.builder("main").deployment("alpha", "m-a").fallbackTo("second").build())
        .build()) {
      assertThat(router.chat(ask("main")).provider()).isEqualTo("beta");
      assertThat(router.chat(ask("main")).provider()).isEqualTo("beta");
    }
    assertThat(who(upstream.calls)).containsExactly("alpha:a1", "beta", "beta");
    assertThat(clock.sleeps).isEmpty();
  }

  @Test
  void theTotalDeadlineStopsRetryingAndShortensTheLastAttemptsTimeout() {
    upstream.failWith = RecordingAdapterFactory.error(503, "overloaded", null);
    try (LlmRouter router = router(RetryConfig.builder().maxAttempts(5)
            .backoff(Duration.ofSeconds(4), Duration.ofSeconds(30)).jitter(0)
            .attemptTimeout(Duration.ofSeconds(8)).totalDeadline(Duration.ofSeconds(10)).build())
        .build()) {
      LlmException caught = catchThrowableOfType(LlmException.class, () -> router.chat(ask("solo-key")));
      assertThat(caught).isSameAs(upstream.failWith);
    }
    assertThat(clock.sleeps).containsExactly(Duration.ofSeconds(4));
    assertThat(upstream.calls).extracting(Call::timeout).containsExactly(Duration.ofSeconds(8), Duration.ofSeconds(6));
  }

  @Test
  void aSlowAttemptTimesOutByItsTimeoutAndIsRetried() {
    upstream.script("gamma", Outcome.slow(Duration.ofSeconds(20)));
    try (LlmRouter router = router(RetryConfig.builder().backoff(Duration.ofSeconds(1), Duration.ofSeconds(1))
            .jitter(0).attemptTimeout(Duration.ofSeconds(15)).build())
        .build()) {
      assertThat(router.chat(ask("solo-key")).text()).isEqualTo("gamma:m-g");
    }
    assertThat(upstream.calls).hasSize(2);
    assertThat(listener.events).contains("attemptFailed #1 TIMEOUT retry");
  }

  @Test
  void attemptInterceptorsSeeEveryAttemptAndTheirRefusalMovesTheCallOn() {
    List<AttemptInfo> seen = new ArrayList<>();
    try (LlmRouter router = router()
        .addAttemptInterceptor(seen::add)
        .addAttemptInterceptor(attempt -> {
          if (attempt.provider().equals("alpha")) {
            throw LlmException.builder(ErrorKind.PERMISSION_DENIED, "budget of team x is spent").build();
          }
        })
        .addModelGroup(ModelGroup.builder("main").deployment("alpha", "m-a").fallbackTo("second").build())
        .build()) {
      assertThat(router.chat(ask("main")).provider()).isEqualTo("beta");
      assertThat(seen).extracting(AttemptInfo::provider).containsExactly("alpha", "beta");
      assertThat(seen).extracting(AttemptInfo::number).containsExactly(1, 2);
      assertThat(seen.get(0).keyFingerprint()).isEqualTo(Secret.of("a1").fingerprint());
      assertThat(seen.get(1).request().model()).isEqualTo("m-b");
      assertThat(upstream.callsTo("alpha")).isEmpty();
      assertThat(router.keyPool("alpha").status()).allMatch(s -> s.state() == KeyPool.KeyState.AVAILABLE);

      assertThatThrownBy(() -> router.chat(ask("single")))
          .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("budget");
    }
  }

  @Test
  void aListenerThatThrowsNeverBreaksTheCall() {
    RouterListener broken = new RouterListener() {
      @Override
      public void callStart(CallInfo call) {
        throw new IllegalStateException("listener bug");
      }

      @Override
      public void attemptFailed(AttemptInfo attempt, LlmException cause, boolean willRetry) {
        throw new IllegalStateException("listener bug");
      }
    };
    upstream.script("alpha", Outcome.status(503));
    try (LlmRouter router = router().addListener(broken).build()) {
      assertThat(router.chat(ask("pair")).provider()).isEqualTo("beta");
    }
  }

  /** Weights 3:1 through the whole router, 4,000 seeded calls: alpha's share within 2.5 points of 75 %. */
  @Test
  void weightsAreHonouredThroughTheRouter() {
    try (LlmRouter router = router()
        .addModelGroup(ModelGroup.builder("weighted").deployment("alpha", "m-a", 3).deployment("beta", "m-b", 1)
            .selection(SelectionStrategies.weightedRandom(2026)).build())
        .build()) {
      for (int i = 0; i < 4_000; i++) {
        router.chat(ask("weighted"));
      }
    }
    assertThat(upstream.callsTo("alpha").size() / 4_000.0).isCloseTo(0.75, offset(0.025));
  }

  @Test
  void aDeploymentKeepsToItsOwnKeys() {
    try (LlmRouter router = router()
        .addModelGroup(ModelGroup.builder("team").deployment(
            Deployment.builder("alpha", "m-a").keys(Secret.of("a2"), Secret.of("a3")).build()).build())
        .build()) {
      for (int i = 0; i < 4; i++) {
        router.chat(ask("team"));
      }
    }
    assertThat(who(upstream.calls)).containsExactly("alpha:a2", "alpha:a3", "alpha:a2", "alpha:a3");
  }

  @Test
  void usageBasedSelectionStaysUnderEachDeploymentsRequestsPerMinute() {
    try (LlmRouter router = router()
        .addModelGroup(ModelGroup.builder("limited")
            .deployment(Deployment.builder("alpha", "m-a").rpm(2).build())
            .deployment(Deployment.builder("beta", "m-b").rpm(3).build())
            .fallbackTo("third")
            .selection(SelectionStrategies.usageBased()).build())
        .build()) {
      for (int i = 0; i < 6; i++) {
        router.chat(ask("limited"));
      }
      assertThat(upstream.callsTo("alpha")).hasSize(2);
      assertThat(upstream.callsTo("beta")).hasSize(3);
      assertThat(upstream.callsTo("gamma")).hasSize(1);
      clock.advance(Duration.ofSeconds(60));
      router.chat(ask("limited"));
      assertThat(upstream.callsTo("gamma")).hasSize(1);
    }
  }

  @Test
  void lowestLatencyLearnsFromMeasuredCalls() {
    upstream.script("alpha", Outcome.slow(Duration.ofMillis(800)), Outcome.slow(Duration.ofMillis(800)),
        Outcome.slow(Duration.ofMillis(800)), Outcome.slow(Duration.ofMillis(800)));
    upstream.script("beta", Outcome.slow(Duration.ofMillis(200)), Outcome.slow(Duration.ofMillis(200)),
        Outcome.slow(Duration.ofMillis(200)), Outcome.slow(Duration.ofMillis(200)));
    try (LlmRouter router = router()
        .addModelGroup(ModelGroup.builder("fastest").deployment("alpha", "m-a").deployment("beta", "m-b")
            .selection(SelectionStrategies.lowestLatency()).build())
        .build()) {
      for (int i = 0; i < 5; i++) {
        router.chat(ask("fastest"));
      }
    }
    assertThat(who(upstream.calls)).containsExactly("alpha:a1", "beta", "beta", "beta", "beta");
  }
}
