package dev.llmrouter.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.api.NativeRequest;
import dev.llmrouter.api.NativeResponse;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.spi.EncodedError;
import dev.llmrouter.api.spi.RequestHead;
import dev.llmrouter.api.spi.SelectionStrategy;
import dev.llmrouter.api.spi.StreamDecoder;
import dev.llmrouter.api.spi.StreamEncoder;
import dev.llmrouter.api.spi.WireCodec;
import dev.llmrouter.core.routing.SelectionStrategies;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * {@link LlmRouter#handle} routes a call by the codec's {@link WireCodec#peekRequest scan} of model and
 * stream flag, and decodes the client's body only when something needs the canonical request.
 */
class UndecodedPassthroughTest {
  private final ManualClock clock = new ManualClock();
  private final RecordingAdapterFactory factory = new RecordingAdapterFactory(clock);
  private final PeekingCodec codec = new PeekingCodec(new LineCodec(WireFormat.ANTHROPIC_MESSAGES));

  private LlmRouter.Builder builder() {
    return LlmRouter.builder()
        .clock(clock)
        .adapterFactory(factory)
        .codec(codec)
        .addProvider(ProviderConfig.builder("chat", "recording").wireFormat(WireFormat.OPENAI_CHAT).build())
        .addProvider(ProviderConfig.builder("claude", "recording").wireFormat(WireFormat.ANTHROPIC_MESSAGES).build())
        .route("translated", "chat", "up-model")
        .route("same", "claude", "claude-up");
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
  void aPassthroughCallNeverDecodesTheBodyButTheAdapterCanAskForIt() {
    try (LlmRouter router = builder().build(); NativeResponse response = router.handle(anthropic("same|false|hi"))) {
      assertThat(text(response)).isEqualTo("forwarded:same|false|hi");
      assertThat(codec.decodes).hasValue(0);
      assertThat(factory.forwarded).singleElement().satisfies(forward -> {
        assertThat(forward.upstreamModel()).isEqualTo("claude-up");
        assertThat(forward.stream()).isFalse();
        ChatRequest decoded = forward.request();
        assertThat(decoded.model()).isEqualTo("claude-up");
        assertThat(decoded.messages().get(0).text()).isEqualTo("hi");
      });
      assertThat(codec.decodes).hasValue(1);
    }
  }

  @Test
  void aPassthroughStreamNeverDecodesTheBody() {
    try (LlmRouter router = builder().build(); NativeResponse response = router.handle(anthropic("same|true|hi"))) {
      assertThat(response.isStream()).isTrue();
      assertThat(text(response)).contains("forwarded same|true|hi").endsWith("data: [END]\n\n");
      assertThat(factory.forwarded).singleElement().satisfies(forward -> assertThat(forward.stream()).isTrue());
      assertThat(codec.decodes).hasValue(0);
    }
  }

  @Test
  void aTranslatedCallDecodesTheBodyOnce() {
    try (LlmRouter router = builder().build(); NativeResponse response = router.handle(anthropic("translated|false|hi"))) {
      assertThat(text(response)).isEqualTo("answer:chat:up-model");
      assertThat(codec.decodes).hasValue(1);
    }
  }

  @Test
  void aBodyTheScanCannotReadIsDecodedAndRefusedInTheClientsFormat() {
    try (LlmRouter router = builder().build(); NativeResponse response = router.handle(anthropic("no pipes here"))) {
      assertThat(response.status()).isEqualTo(400);
      assertThat(text(response)).isEqualTo("error:BAD_REQUEST");
      assertThat(factory.calls).isEmpty();
    }
  }

  /** Passthrough forwards what it does not read: the upstream, which speaks the client's format, judges it. */
  @Test
  void aMalformedBodyThatRoutesGoesUpstreamAsReceivedInPassthroughAndTheUpstreamsRefusalComesBack() {
    try (LlmRouter router = builder().build()) {
      NativeResponse forwarded = router.handle(anthropic("same|false"));
      assertThat(text(forwarded)).isEqualTo("forwarded:same|false");
      assertThat(codec.decodes).hasValue(0);

      factory.failWith = LlmException.builder(ErrorKind.BAD_REQUEST, "messages: required").upstreamStatus(400).build();
      NativeResponse refused = router.handle(anthropic("same|false"));
      assertThat(refused.status()).isEqualTo(400);
      assertThat(text(refused)).isEqualTo("error:BAD_REQUEST");
      assertThat(factory.forwarded).hasSize(2);
    }
  }

  /** The in-band error of a broken stream needs an encoder, which would read the request: not this one. */
  @Test
  void aPassthroughStreamOfAnUndecodableBodyThatBreaksStillEndsWithTheErrorEvent() {
    factory.script("claude", RecordingAdapterFactory.Outcome.resetAfter(2));
    try (LlmRouter router = builder().build(); NativeResponse response = router.handle(anthropic("same|true"))) {
      assertThat(text(response)).contains("forwarded same|true").endsWith("event: error\ndata: CONNECTION\n\n");
    }
  }

  @Test
  void aMalformedBodyThatRoutesToATranslationIsRefusedBeforeAnyUpstreamCall() {
    List<String> events = new CopyOnWriteArrayList<>();
    RouterListener listener = new RouterListener() {
      @Override
      public void attemptStart(AttemptInfo attempt) {
        events.add("attemptStart");
      }

      @Override
      public void callFailed(CallInfo call, LlmException error, dev.llmrouter.api.model.Usage usage) {
        events.add("callFailed " + error.kind());
      }
    };
    try (LlmRouter router = builder().addListener(listener).build();
        NativeResponse response = router.handle(anthropic("translated|false"))) {
      assertThat(response.status()).isEqualTo(400);
      assertThat(text(response)).isEqualTo("error:BAD_REQUEST");
      assertThat(factory.calls).isEmpty();
      assertThat(events).containsExactly("callFailed BAD_REQUEST");
    }
  }

  @Test
  void aFallbackFromPassthroughToATranslationDecodesTheBodyThen() {
    factory.script("claude", RecordingAdapterFactory.Outcome.fail(RecordingAdapterFactory.error(500, "down", null)));
    ModelGroup group = ModelGroup.builder("both")
        .deployment("claude", "claude-up")
        .deployment("chat", "up-model", 0)
        .build();
    try (LlmRouter router = builder().addModelGroup(group).selection(SelectionStrategies.roundRobin()).build();
        NativeResponse response = router.handle(anthropic("both|false|hi"))) {
      assertThat(text(response)).isEqualTo("answer:chat:up-model");
      assertThat(factory.forwarded).hasSize(1);
      assertThat(codec.decodes).hasValue(1);
    }
  }

  @Test
  void aSelectionStrategyThatReadsTheRequestGetsItDecodedAndOneThatDoesNotGetsModelAndStream() {
    List<ChatRequest> seen = new CopyOnWriteArrayList<>();
    SelectionStrategy reading = (group, candidates, request) -> {
      seen.add(request);
      return candidates.get(0);
    };
    try (LlmRouter router = builder().selection(reading).build()) {
      router.handle(anthropic("same|true|hi")).close();
      assertThat(seen).singleElement().satisfies(r -> assertThat(r.messages()).hasSize(1));
      assertThat(codec.decodes).hasValue(1);
    }
    seen.clear();
    SelectionStrategy routeOnly = new SelectionStrategy() {
      @Override
      public Candidate select(String group, List<Candidate> candidates, ChatRequest request) {
        seen.add(request);
        return candidates.get(0);
      }

      @Override
      public boolean readsRequestContent() {
        return false;
      }
    };
    try (LlmRouter router = builder().selection(routeOnly).build()) {
      router.handle(anthropic("same|true|hi")).close();
      assertThat(seen).singleElement().satisfies(r -> {
        assertThat(r.model()).isEqualTo("same");
        assertThat(r.stream()).isTrue();
      });
      assertThat(codec.decodes).hasValue(1);
    }
  }

  @Test
  void aListenerThatReadsTheAttemptsRequestGetsItDecodedWithTheUpstreamModel() {
    List<ChatRequest> seen = new CopyOnWriteArrayList<>();
    RouterListener listener = new RouterListener() {
      @Override
      public void attemptStart(AttemptInfo attempt) {
        seen.add(attempt.request());
      }
    };
    try (LlmRouter router = builder().addListener(listener).build()) {
      assertThat(text(router.handle(anthropic("same|false|hi")))).isEqualTo("forwarded:same|false|hi");
      assertThat(seen).singleElement().satisfies(r -> {
        assertThat(r.model()).isEqualTo("claude-up");
        assertThat(r.messages().get(0).text()).isEqualTo("hi");
      });
      assertThat(codec.decodes).hasValue(1);
    }
  }

  @Test
  void aTokensPerMinuteLimitDecodesTheBodyForItsEstimate() {
    ModelGroup limited = ModelGroup.single("limited", Deployment.builder("claude", "claude-up").tpm(1_000_000).build());
    try (LlmRouter router = builder().addModelGroup(limited).build()) {
      assertThat(text(router.handle(anthropic("limited|false|hi")))).isEqualTo("forwarded:limited|false|hi");
      assertThat(codec.decodes).hasValue(1);
    }
  }

  /** A recording span wants the request's settings: then, and only then, the body is decoded for it. */
  @Test
  void aRecordingSpanGetsTheRequestSettingsOfAPassthroughCall() {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    try (OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
            .build();
        LlmRouter router = builder().openTelemetry(otel).build()) {
      assertThat(text(router.handle(anthropic("same|false|hi")))).isEqualTo("forwarded:same|false|hi");
      assertThat(spans.getFinishedSpanItems()).hasSize(2).allSatisfy(span ->
          assertThat(span.getAttributes().get(AttributeKey.longKey("gen_ai.request.max_tokens"))).isEqualTo(64L));
      assertThat(codec.decodes).hasValue(1);
    }
  }

  /** {@link LineCodec} with a scan of its {@code model|stream|} head, counting full decodes. */
  private static final class PeekingCodec implements WireCodec {
    private final LineCodec line;
    final AtomicInteger decodes = new AtomicInteger();

    PeekingCodec(LineCodec line) {
      this.line = line;
    }

    @Override
    public RequestHead peekRequest(byte[] body) {
      String[] parts = new String(body, StandardCharsets.UTF_8).split("\\|", 3);
      return parts.length < 2 ? null : new RequestHead(parts[0], Boolean.parseBoolean(parts[1]));
    }

    @Override
    public ChatRequest decodeRequest(byte[] body) {
      decodes.incrementAndGet();
      return line.decodeRequest(body).toBuilder().maxTokens(64).build();
    }

    @Override
    public WireFormat format() {
      return line.format();
    }

    @Override
    public byte[] encodeResponse(ChatResponse response, ChatRequest request) {
      return line.encodeResponse(response, request);
    }

    @Override
    public StreamEncoder newStreamEncoder(ChatRequest request) {
      return line.newStreamEncoder(request);
    }

    @Override
    public EncodedError encodeError(LlmException error) {
      return line.encodeError(error);
    }

    @Override
    public byte[] encodeModelList(List<String> models) {
      return line.encodeModelList(models);
    }

    @Override
    public byte[] encodeRequest(ChatRequest request, boolean stream) {
      return line.encodeRequest(request, stream);
    }

    @Override
    public ChatResponse decodeResponse(byte[] body) {
      return line.decodeResponse(body);
    }

    @Override
    public StreamDecoder newStreamDecoder() {
      return line.newStreamDecoder();
    }

    @Override
    public LlmException decodeError(int status, Function<String, String> headers, byte[] body) {
      return line.decodeError(status, headers, body);
    }
  }
}
