package dev.llmrouter.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.llmrouter.api.NativeRequest;
import dev.llmrouter.api.NativeResponse;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.model.Usage;
import dev.llmrouter.core.RecordingAdapterFactory.Call;
import dev.llmrouter.core.RecordingAdapterFactory.Outcome;
import dev.llmrouter.core.resilience.RetryConfig;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The native entry point runs the same retries and fallbacks, deciding per attempt between
 * passthrough (same format) and translation. Clients speak the toy Anthropic-format {@link LineCodec}.
 */
class NativeResilienceTest {
  private final ManualClock clock = new ManualClock();
  private final RecordingAdapterFactory upstream = new RecordingAdapterFactory(clock);
  private final RecordingListener listener = new RecordingListener();

  private LlmRouter router() {
    return LlmRouter.builder()
        .clock(clock)
        .adapterFactory(upstream)
        .addListener(listener)
        .selection(ChatResilienceTest.IN_ORDER)
        .retry(RetryConfig.builder().maxAttempts(1).streamIdleTimeout(Duration.ofSeconds(30)).build())
        .codec(new LineCodec(WireFormat.ANTHROPIC_MESSAGES))
        .addProvider(ProviderConfig.builder("claude", "recording").wireFormat(WireFormat.ANTHROPIC_MESSAGES).build())
        .addProvider(ProviderConfig.builder("claude-b", "recording").wireFormat(WireFormat.ANTHROPIC_MESSAGES).build())
        .addProvider(ProviderConfig.builder("chat", "recording").wireFormat(WireFormat.OPENAI_CHAT).build())
        .route("gpt", "chat", "gpt-up")
        .addModelGroup(ModelGroup.builder("smart").deployment("claude", "claude-up").fallbackTo("gpt").build())
        .addModelGroup(ModelGroup.builder("claudes")
            .deployment("claude", "claude-up").deployment("claude-b", "claude-up-b").fallbackTo("gpt").build())
        .build();
  }

  private static NativeRequest anthropic(String body) {
    return NativeRequest.builder(WireFormat.ANTHROPIC_MESSAGES, body.getBytes(StandardCharsets.UTF_8)).build();
  }

  private static String text(NativeResponse response) {
    if (!response.isStream()) {
      return new String(response.body(), StandardCharsets.UTF_8);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] chunk : response.bodyStream()) {
      out.writeBytes(chunk);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aFailedPassthroughFallsBackToAnotherFormatAndIsTranslated() {
    upstream.script("claude", Outcome.status(529));
    try (LlmRouter router = router(); NativeResponse response = router.handle(anthropic("smart|false|hi"))) {
      assertThat(response.status()).isEqualTo(200);
      assertThat(text(response)).isEqualTo("answer:chat:gpt-up");
    }
    assertThat(upstream.calls).extracting(Call::provider, Call::kind)
        .containsExactly(tuple("claude", "forward"),
            tuple("chat", "chat"));
    assertThat(listener.matching("attemptStart")).containsExactly(
        "attemptStart #1 smart claude/claude-up passthrough", "attemptStart #2 gpt chat/gpt-up");
  }

  @Test
  void aStreamedPassthroughThatFailsBeforeContentFallsBackAndStreamsTranslated() {
    upstream.script("claude", Outcome.errorEventAfter(1, RecordingAdapterFactory.error(529, "Overloaded", null)));
    try (LlmRouter router = router(); NativeResponse response = router.handle(anthropic("smart|true|hi"))) {
      assertThat(text(response)).isEqualTo("event: delta\ndata: streamed\n\ndata: [END]\n\n");
    }
    assertThat(upstream.calls).extracting(Call::kind).containsExactly("forward", "stream");
    assertThat(upstream.closedStreams).contains("claude");
  }

  @Test
  void aPassthroughStreamResetBeforeItsFirstByteGoesToTheNextDeploymentStillPassthrough() {
    upstream.script("claude", Outcome.resetAfter(0));
    try (LlmRouter router = router(); NativeResponse response = router.handle(anthropic("claudes|true|hi"))) {
      assertThat(text(response)).isEqualTo(
          "event: start\ndata: m1\n\nevent: delta\ndata: forwarded claudes|true|hi\n\ndata: [END]\n\n");
    }
    assertThat(upstream.calls).extracting(Call::provider).containsExactly("claude", "claude-b");
    assertThat(upstream.forwarded).extracting(f -> f.upstreamModel()).containsExactly("claude-up", "claude-up-b");
  }

  @Test
  void aPassthroughStreamThatBreaksAfterContentEndsWithTheClientsInBandErrorAndIsNotRetried() {
    upstream.script("claude", Outcome.resetAfter(2));
    try (LlmRouter router = router(); NativeResponse response = router.handle(anthropic("claudes|true|hi"))) {
      assertThat(text(response)).isEqualTo(
          "event: start\ndata: m1\n\nevent: delta\ndata: forwarded claudes|true|hi\n\n\n\nevent: error\ndata: CONNECTION\n\n");
    }
    assertThat(upstream.calls).extracting(Call::provider).containsExactly("claude");
    assertThat(listener.events).endsWith("attemptFailed #1 CONNECTION final", "callFailed CONNECTION");
  }

  @Test
  void aStalledPassthroughStreamEndsWithATimeoutErrorEvent() {
    upstream.script("claude", Outcome.stallAfter(2));
    try (LlmRouter router = router(); NativeResponse response = router.handle(anthropic("claudes|true|hi"))) {
      assertThat(text(response)).endsWith("event: error\ndata: TIMEOUT\n\n");
    }
    assertThat(upstream.calls).hasSize(1);
    assertThat(upstream.closedStreams).containsExactly("claude");
  }

  @Test
  void aTranslatedStreamThatBreaksAfterContentEndsWithTheClientsErrorEvent() {
    upstream.script("chat", Outcome.resetAfter(3));
    try (LlmRouter router = router(); NativeResponse response = router.handle(anthropic("gpt|true|hi"))) {
      assertThat(text(response)).isEqualTo("event: delta\ndata: streamed\n\nevent: error\ndata: CONNECTION\n\n");
    }
    assertThat(upstream.calls).hasSize(1);
  }

  @Test
  void theRequestsOwnErrorReachesTheClientInItsEnvelopeWithTheUpstreamStatus() {
    upstream.script("claude", Outcome.status(413));
    try (LlmRouter router = router(); NativeResponse response = router.handle(anthropic("smart|false|hi"))) {
      assertThat(response.status()).isEqualTo(413);
      assertThat(text(response)).isEqualTo("error:BAD_REQUEST");
    }
    assertThat(upstream.calls).extracting(Call::provider).containsExactly("claude");
  }

  @Test
  void whenEverythingFailsTheClientGetsTheMostInformativeErrorInItsEnvelope() {
    upstream.script("claude", Outcome.status(503));
    upstream.script("chat", Outcome.fail(LlmException.builder(ErrorKind.RATE_LIMITED, "slow down")
        .upstreamStatus(429).retryAfter(Duration.ofSeconds(90)).build()));
    try (LlmRouter router = router(); NativeResponse response = router.handle(anthropic("smart|false|hi"))) {
      assertThat(response.status()).isEqualTo(429);
      assertThat(text(response)).isEqualTo("error:RATE_LIMITED");
    }
  }

  @Test
  void passthroughAnswersKeepTheAdaptersHeadersBodyAndUsage() {
    upstream.script("claude", Outcome.slow(Duration.ZERO).withUsage(Usage.builder().inputTokens(12).outputTokens(3).build()));
    try (LlmRouter router = router(); NativeResponse response = router.handle(anthropic("claudes|false|hi"))) {
      assertThat(response.headers()).containsEntry("x-forwarded", "true");
      assertThat(text(response)).isEqualTo("forwarded:claudes|false|hi");
      assertThat(response.usage().totalTokens()).isEqualTo(15);
    }
    assertThat(listener.events).endsWith("callEnd claude 15");
  }
}
