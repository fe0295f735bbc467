package dev.llmrouter.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.NativeRequest;
import dev.llmrouter.api.NativeResponse;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.api.model.ReasoningBlock;
import dev.llmrouter.api.model.StopReason;
import dev.llmrouter.api.model.TextBlock;
import dev.llmrouter.api.model.ToolCallBlock;
import dev.llmrouter.api.model.Usage;
import dev.llmrouter.api.stream.ChatResponseAccumulator;
import dev.llmrouter.api.stream.ChatStream;
import dev.llmrouter.api.stream.StreamEvent;
import dev.llmrouter.core.RecordingAdapterFactory.Outcome;
import dev.llmrouter.core.cache.CacheConfig;
import dev.llmrouter.core.resilience.RetryConfig;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseCachingTest {
  private final ManualClock clock = new ManualClock();
  private final RecordingAdapterFactory upstream = new RecordingAdapterFactory(clock);
  private final RecordingListener listener = new RecordingListener();

  private LlmRouter router(CacheConfig cache) {
    return LlmRouter.builder()
        .clock(clock)
        .adapterFactory(upstream)
        .addListener(listener)
        .retry(RetryConfig.builder().maxAttempts(1).build())
        .cache(cache)
        .codec(new LineCodec(WireFormat.ANTHROPIC_MESSAGES))
        .addProvider(ProviderConfig.builder("chat", "recording").wireFormat(WireFormat.OPENAI_CHAT).build())
        .addProvider(ProviderConfig.builder("claude", "recording").wireFormat(WireFormat.ANTHROPIC_MESSAGES).build())
        .route("m", "chat", "m-up")
        .route("same", "claude", "claude-up")
        .build();
  }

  private LlmRouter router() {
    return router(CacheConfig.builder().ttl(Duration.ofMinutes(5)).maximumSize(2).build());
  }

  private static ChatRequest ask(String text, Double temperature) {
    return ChatRequest.builder().model("m").addMessage(Message.user(text)).temperature(temperature).build();
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
  void aDeterministicRequestIsAnsweredFromTheCacheTheSecondTimeAndMarkedAsSuch() {
    upstream.script("chat", Outcome.answer("four").withUsage(Usage.builder().inputTokens(9).outputTokens(1).build()));
    try (LlmRouter router = router()) {
      ChatResponse first = router.chat(ask("2+2?", 0.0));
      ChatResponse second = router.chat(ask("2+2?", 0.0));
      assertThat(first.cacheHit()).isFalse();
      assertThat(second.cacheHit()).isTrue();
      assertThat(second.text()).isEqualTo("four");
      assertThat(second.usage()).isEqualTo(first.usage());
      assertThat(second.provider()).isEqualTo("chat");
    }
    assertThat(upstream.calls).hasSize(1);
    assertThat(listener.events).endsWith("callStart m", "cacheHit m", "callEnd cache 10");
  }

  @Test
  void requestsThatAreNotDeterministicAreNeverCachedByDefault() {
    try (LlmRouter router = router()) {
      router.chat(ask("poem", null));
      router.chat(ask("poem", null));
      router.chat(ask("poem", 0.7));
      router.chat(ask("poem", 0.7));
    }
    assertThat(upstream.calls).hasSize(4);
  }

  @Test
  void theCacheablePredicateCanBeReplaced() {
    try (LlmRouter router = router(CacheConfig.builder().cacheable(request -> true).build())) {
      router.chat(ask("poem", 0.7));
      assertThat(router.chat(ask("poem", 0.7)).cacheHit()).isTrue();
    }
    assertThat(upstream.calls).hasSize(1);
  }

  @Test
  void errorsAreNeverCached() {
    upstream.script("chat", Outcome.status(400));
    try (LlmRouter router = router()) {
      assertThatThrownBy(() -> router.chat(ask("x", 0.0))).hasMessageContaining("400");
      assertThat(router.chat(ask("x", 0.0)).cacheHit()).isFalse();
    }
    assertThat(upstream.calls).hasSize(2);
  }

  @Test
  void answersExpireAfterTheirTimeToLiveAndTheSizeIsBounded() {
    try (LlmRouter router = router()) {
      router.chat(ask("a", 0.0));
      clock.advance(Duration.ofMinutes(4));
      assertThat(router.chat(ask("a", 0.0)).cacheHit()).isTrue();
      clock.advance(Duration.ofMinutes(1));
      assertThat(router.chat(ask("a", 0.0)).cacheHit()).isFalse();

      router.chat(ask("b", 0.0));
      router.chat(ask("c", 0.0));
      router.chat(ask("d", 0.0));
      assertThat(router.cache().orElseThrow().estimatedSize()).isLessThanOrEqualTo(2);
    }
  }

  @Test
  void aCachedAnswerStreamsAsCanonicalEventsThatRebuildIt() {
    ChatResponse rich = ChatResponse.builder().id("r1").model("m-up")
        .addContent(ReasoningBlock.of("thinking", "sig-1", WireFormat.ANTHROPIC_MESSAGES))
        .addContent(TextBlock.of("calling a tool"))
        .addContent(ToolCallBlock.of("call_1", "lookup", "{\"q\":1}"))
        .stopReason(StopReason.of(StopReason.Kind.TOOL_USE))
        .usage(Usage.builder().inputTokens(20).outputTokens(8).build())
        .build();
    try (LlmRouter router = router()) {
      router.cache().orElseThrow().put(ask("q", 0.0), rich);
      ChatResponseAccumulator rebuilt = new ChatResponseAccumulator();
      try (ChatStream stream = router.stream(ask("q", 0.0))) {
        for (StreamEvent event : stream) {
          rebuilt.accept(event);
        }
      }
      assertThat(rebuilt.isComplete()).isTrue();
      assertThat(rebuilt.toResponse()).isEqualTo(rich);
    }
    assertThat(upstream.calls).isEmpty();
  }

  @Test
  void aFinishedStreamFillsTheCacheAndACutOneDoesNot() {
    upstream.script("chat", Outcome.resetAfter(3));
    try (LlmRouter router = router()) {
      try (ChatStream cut = router.stream(ask("s", 0.0))) {
        cut.forEach(event -> { });
      }
      try (ChatStream whole = router.stream(ask("s", 0.0))) {
        whole.forEach(event -> { });
      }
      ChatResponse cached = router.chat(ask("s", 0.0));
      assertThat(cached.cacheHit()).isTrue();
      assertThat(cached.text()).isEqualTo("streamed");
    }
    assertThat(upstream.calls).hasSize(2);
  }

  @Test
  void throughTheNativeEntryPointAHitComesBackInTheClientsFormatMarkedInAHeader() {
    try (LlmRouter router = router(CacheConfig.builder().cacheable(request -> true).build())) {
      NativeResponse miss = router.handle(anthropic("m|false|hi"));
      assertThat(miss.headers()).containsEntry(LlmRouter.CACHE_HEADER, "miss");
      assertThat(text(miss)).isEqualTo("answer:chat:m-up");

      NativeResponse hit = router.handle(anthropic("m|false|hi"));
      assertThat(hit.headers()).containsEntry(LlmRouter.CACHE_HEADER, "hit");
      assertThat(text(hit)).isEqualTo("answer:chat:m-up");

      NativeResponse streamedHit = router.handle(anthropic("m|true|hi"));
      assertThat(streamedHit.isStream()).isTrue();
      assertThat(streamedHit.headers()).containsEntry(LlmRouter.CACHE_HEADER, "hit");
      assertThat(text(streamedHit)).isEqualTo("event: delta\ndata: chat:m-up\n\ndata: [END]\n\n");
    }
    assertThat(upstream.calls).hasSize(1);
  }

  @Test
  void aPassthroughAnswerIsCachedThroughTheClientsCodec() {
    try (LlmRouter router = router(CacheConfig.builder().cacheable(request -> true).build())) {
      assertThat(text(router.handle(anthropic("same|false|hi")))).isEqualTo("forwarded:same|false|hi");
      NativeResponse hit = router.handle(anthropic("same|false|hi"));
      assertThat(hit.headers()).containsEntry(LlmRouter.CACHE_HEADER, "hit");
      assertThat(text(hit)).isEqualTo("answer:forwarded:same|false|hi");
    }
    assertThat(upstream.calls).hasSize(1);
  }

  @Test
  void withoutACacheNothingIsMarked() {
    try (LlmRouter router = LlmRouter.builder().clock(clock).adapterFactory(upstream)
        .codec(new LineCodec(WireFormat.ANTHROPIC_MESSAGES))
        .addProvider(ProviderConfig.builder("chat", "recording").wireFormat(WireFormat.OPENAI_CHAT).build())
        .route("m", "chat", "m-up").build()) {
      assertThat(router.handle(anthropic("m|false|hi")).headers()).doesNotContainKey(LlmRouter.CACHE_HEADER);
      assertThat(router.chat(ask("x", 0.0)).cacheHit()).isFalse();
      assertThat(router.cache()).isEmpty();
    }
  }

  private static NativeRequest anthropic(String body) {
    return NativeRequest.builder(WireFormat.ANTHROPIC_MESSAGES, body.getBytes(StandardCharsets.UTF_8)).build();
  }

  @Test
  void replayedEventsFollowTheStreamGrammar() {
    List<StreamEvent> events = ReplayedStream.events(ChatResponse.builder()
        .addContent(TextBlock.of("a")).addContent(TextBlock.of("")).build());
    assertThat(events).extracting(e -> e.getClass().getSimpleName()).containsExactly(
        "MessageStart", "BlockStart", "TextDelta", "BlockStop", "BlockStart", "BlockStop",
        "UsageUpdate", "MessageDelta", "MessageStop");
  }
}
