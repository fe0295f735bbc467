package dev.llmrouter.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.api.NativeRequest;
import dev.llmrouter.api.NativeResponse;
import dev.llmrouter.api.WireFormat;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NativeEntryPointTest {
  private final ManualClock clock = new ManualClock();
  private final RecordingAdapterFactory factory = new RecordingAdapterFactory(clock);

  private LlmRouter router() {
    return LlmRouter.builder()
        .clock(clock)
        .adapterFactory(factory)
        .codec(new LineCodec(WireFormat.ANTHROPIC_MESSAGES))
        .codec(new LineCodec(WireFormat.GEMINI))
        .addProvider(ProviderConfig.builder("chat", "recording").wireFormat(WireFormat.OPENAI_CHAT).build())
        .addProvider(ProviderConfig.builder("claude", "recording").wireFormat(WireFormat.ANTHROPIC_MESSAGES).build())
        .route("translated", "chat", "up-model")
        .route("same", "claude", "claude-up")
        .build();
  }

  private static NativeRequest anthropic(String body) {
    return NativeRequest.builder(WireFormat.ANTHROPIC_MESSAGES, body.getBytes(StandardCharsets.UTF_8))
        .header("X-Api-Key", "client-key").header("anthropic-beta", "b1").build();
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
  void differentUpstreamFormatIsTranslatedThroughTheCanonicalModel() {
    try (LlmRouter router = router(); NativeResponse response = router.handle(anthropic("translated|false|hi"))) {
      assertThat(response.status()).isEqualTo(200);
      assertThat(text(response)).isEqualTo("answer:chat:up-model");
      assertThat(factory.forwarded).isEmpty();
    }
  }

  @Test
  void sameUpstreamFormatForwardsTheBodyWithTheUpstreamModelAndClientHeaders() {
    try (LlmRouter router = router(); NativeResponse response = router.handle(anthropic("same|true|hi"))) {
      assertThat(response.isStream()).isTrue();
      assertThat(text(response)).isEqualTo(
          "event: start\ndata: m1\n\nevent: delta\ndata: forwarded same|true|hi\n\ndata: [END]\n\n");
      assertThat(factory.forwarded).singleElement().satisfies(f -> {
        assertThat(f.upstreamModel()).isEqualTo("claude-up");
        assertThat(f.stream()).isTrue();
        assertThat(f.clientHeaders()).containsEntry("anthropic-beta", "b1");
      });
    }
  }

  @Test
  void translatedStreamsComeOutEventByEventInTheClientFormat() {
    try (LlmRouter router = router(); NativeResponse response = router.handle(anthropic("translated|true|hi"))) {
      assertThat(response.isStream()).isTrue();
      assertThat(response.headers()).containsEntry("content-type", "text/event-stream");
      assertThat(response.bodyStream()).extracting(c -> new String(c, StandardCharsets.UTF_8))
          .containsExactly("event: delta\ndata: streamed\n\n", "data: [END]\n\n");
    }
  }

  @Test
  void badBodiesUnknownModelsAndUpstreamErrorsAnswerInTheClientsEnvelope() {
    try (LlmRouter router = router()) {
      NativeResponse malformed = router.handle(anthropic("no pipes here"));
      assertThat(malformed.status()).isEqualTo(400);
      assertThat(text(malformed)).isEqualTo("error:BAD_REQUEST");

      NativeResponse unknown = router.handle(anthropic("nope|false|hi"));
      assertThat(unknown.status()).isEqualTo(404);
      assertThat(text(unknown)).isEqualTo("error:NOT_FOUND");

      factory.failWith = RecordingAdapterFactory.rateLimited();
      NativeResponse limited = router.handle(anthropic("translated|false|hi"));
      assertThat(limited.status()).isEqualTo(429);
      assertThat(text(limited)).isEqualTo("error:RATE_LIMITED");
      NativeResponse limitedPassthrough = router.handle(anthropic("same|false|hi"));
      assertThat(limitedPassthrough.status()).isEqualTo(429);
    }
  }

  @Test
  void geminiStyleModelAndStreamSwitchComeFromThePath() {
    try (LlmRouter router = router();
        NativeResponse response = router.handle(
            NativeRequest.builder(WireFormat.GEMINI, "ignored|false|hi".getBytes(StandardCharsets.UTF_8))
                .model("translated").stream(true).build())) {
      assertThat(response.isStream()).isTrue();
      assertThat(text(response)).contains("data: streamed");
    }
  }

  @Test
  void modelListingsComeInTheClientsFormat() {
    try (LlmRouter router = router()) {
      assertThat(text(router.listModels(WireFormat.ANTHROPIC_MESSAGES))).isEqualTo("models:same,translated");
    }
  }

  @Test
  void countTokensIsForwardedToASameFormatUpstreamAndEstimatedOtherwise() {
    try (LlmRouter router = router()) {
      NativeResponse estimated = router.handle(
          NativeRequest.builder(WireFormat.ANTHROPIC_MESSAGES, "translated|false|hello world".getBytes(StandardCharsets.UTF_8))
              .operation(NativeRequest.Operation.COUNT_TOKENS).build());
      assertThat(estimated.headers()).containsEntry(LlmRouter.TOKEN_COUNT_HEADER, "estimated");
      assertThat(text(estimated)).matches("tokens:[1-9][0-9]*");

      NativeResponse forwarded = router.handle(
          NativeRequest.builder(WireFormat.ANTHROPIC_MESSAGES, "same|false|hi".getBytes(StandardCharsets.UTF_8))
              .operation(NativeRequest.Operation.COUNT_TOKENS).build());
      assertThat(text(forwarded)).isEqualTo("forwarded:same|false|hi");
      assertThat(factory.forwarded.get(0).operation()).isEqualTo(NativeRequest.Operation.COUNT_TOKENS);
    }
  }
}
