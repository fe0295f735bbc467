package dev.llmrouter.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.llmrouter.api.NativeRequest;
import dev.llmrouter.api.NativeResponse;
import dev.llmrouter.api.Secret;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.api.model.Usage;
import dev.llmrouter.api.stream.ChatStream;
import dev.llmrouter.api.stream.StreamEvent;
import dev.llmrouter.core.RecordingAdapterFactory.Outcome;
import dev.llmrouter.core.resilience.CircuitBreakerConfig;
import dev.llmrouter.core.resilience.RetryConfig;
import dev.llmrouter.core.telemetry.RouterTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Spans, metrics, logs and context of calls through the router, read back from the OpenTelemetry SDK's
 * in-memory exporters and a logback list appender.
 */
class TelemetryTest {
  private static final String ALPHA_KEY = "sk-alpha-0123456789abcdef";
  private static final String BETA_KEY = "sk-ant-beta-fedcba9876543210";
  private static final String CLIENT_KEY = "client-secret-key-777";
  private static final String CLIENT_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String CLIENT_SPAN = "00f067aa0ba902b7";

  private final ManualClock clock = new ManualClock();
  private final RecordingAdapterFactory upstream = new RecordingAdapterFactory(clock);
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
      .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
      .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
      .build();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>() {
    @Override
    protected void append(ILoggingEvent event) {
      // logback reads MDC lazily: take it now, while the call's entries are there
      event.prepareForDeferredProcessing();
      super.append(event);
    }
  };
  private final List<String> mdcDuringAttempts = new CopyOnWriteArrayList<>();

  private ch.qos.logback.core.Appender<ILoggingEvent> console;

  @BeforeEach
  void captureLogs() {
    logs.setContext(loggers());
    logs.start();
    ch.qos.logback.classic.Logger root = loggers().getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    console = root.getAppender("console");
    root.detachAppender(console);
    root.addAppender(logs);
    loggers().getLogger(RouterTelemetry.REQUEST_LOGGER).setLevel(Level.INFO);
  }

  @AfterEach
  void release() {
    ch.qos.logback.classic.Logger root = loggers().getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.detachAppender(logs);
    if (console != null) {
      root.addAppender(console);
    }
    loggers().getLogger(RouterTelemetry.REQUEST_LOGGER).setLevel(null);
    loggers().getLogger(RouterTelemetry.BODY_LOGGER).setLevel(null);
    otel.close();
  }

  private static LoggerContext loggers() {
    return (LoggerContext) LoggerFactory.getILoggerFactory();
  }

  private LlmRouter.Builder router() {
    return LlmRouter.builder()
        .clock(clock)
        .adapterFactory(upstream)
        .codec(new LineCodec(WireFormat.ANTHROPIC_MESSAGES))
        .openTelemetry(otel)
        .selection(ChatResilienceTest.IN_ORDER)
        .retry(RetryConfig.builder().maxAttempts(1).build())
        .addAttemptInterceptor(attempt -> mdcDuringAttempts.add(MDC.get(RouterTelemetry.MDC_REQUEST_ID)))
        .addProvider(ProviderConfig.builder("alpha", "openai").wireFormat(WireFormat.OPENAI_CHAT)
            .apiKeys(Secret.parseList(ALPHA_KEY)).build())
        .addProvider(ProviderConfig.builder("beta", "anthropic").wireFormat(WireFormat.ANTHROPIC_MESSAGES)
            .apiKeys(Secret.parseList(BETA_KEY)).build())
        .addModelGroup(ModelGroup.builder("main").deployment("alpha", "m-a").fallbackTo("backup").build())
        .route("backup", "beta", "m-b");
  }

  /** Registers the fake under the types the test's providers use, so they map to GenAI provider names. */
  private LlmRouter build(LlmRouter.Builder builder) {
    return builder.adapterFactory(renamed("openai")).adapterFactory(renamed("anthropic")).build();
  }

  private dev.llmrouter.api.spi.ProviderAdapterFactory renamed(String type) {
    return new dev.llmrouter.api.spi.ProviderAdapterFactory() {
      @Override
      public String type() {
        return type;
      }

      @Override
      public dev.llmrouter.api.spi.ProviderAdapter create(dev.llmrouter.api.spi.ProviderSettings settings,
          dev.llmrouter.api.spi.AdapterResources resources) {
        return upstream.create(settings, resources);
      }
    };
  }

  private static ChatRequest ask(String model) {
    return ChatRequest.builder().model(model).addMessage(Message.user("hi")).maxTokens(256).temperature(0.2).build();
  }

  private static final Usage USAGE = Usage.builder().inputTokens(12).cacheReadTokens(3).outputTokens(5).build();

  private SpanData only(String name) {
    List<SpanData> named = new ArrayList<>();
    for (SpanData span : spans.getFinishedSpanItems()) {
      if (span.getName().equals(name)) {
        named.add(span);
      }
    }
    assertThat(named).as("spans named " + name).hasSize(1);
    return named.get(0);
  }

  private MetricData metric(String name) {
    return metrics.collectAllMetrics().stream().filter(m -> m.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no metric " + name));
  }

  private static <T> T attr(PointData point, AttributeKey<T> key) {
    return point.getAttributes().get(key);
  }

  @Test
  void aFallbackIsOneRequestSpanOverTwoAttemptSpans() {
    upstream.script("alpha", Outcome.status(500));
    upstream.script("beta", Outcome.answer("fine").withUsage(USAGE));
    try (LlmRouter router = build(router())) {
      router.chat(ask("main"));
    }

    assertThat(spans.getFinishedSpanItems()).hasSize(3);
    SpanData call = only("chat main");
    SpanData first = only("chat m-a");
    SpanData second = only("chat m-b");
    assertThat(call.getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(call.getParentSpanContext().isValid()).isFalse();
    assertThat(List.of(first, second)).allSatisfy(attempt -> {
      assertThat(attempt.getKind()).isEqualTo(SpanKind.CLIENT);
      assertThat(attempt.getParentSpanId()).isEqualTo(call.getSpanId());
      assertThat(attempt.getTraceId()).isEqualTo(call.getTraceId());
    });

    Attributes failed = first.getAttributes();
    assertThat(failed.get(AttributeKey.stringKey("gen_ai.operation.name"))).isEqualTo("chat");
    assertThat(failed.get(AttributeKey.stringKey("gen_ai.provider.name"))).isEqualTo("openai");
    assertThat(failed.get(AttributeKey.stringKey("gen_ai.system"))).isEqualTo("openai");
    assertThat(failed.get(AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("m-a");
    assertThat(failed.get(AttributeKey.longKey("gen_ai.request.max_tokens"))).isEqualTo(256L);
    assertThat(failed.get(AttributeKey.doubleKey("gen_ai.request.temperature"))).isEqualTo(0.2);
    assertThat(failed.get(AttributeKey.stringKey("llmrouter.deployment"))).isEqualTo("alpha/m-a");
    assertThat(failed.get(AttributeKey.stringKey("llmrouter.model_group"))).isEqualTo("main");
    assertThat(failed.get(AttributeKey.stringKey("llmrouter.key_alias"))).isEqualTo(Secret.of(ALPHA_KEY).fingerprint());
    assertThat(failed.get(AttributeKey.longKey("llmrouter.attempt"))).isEqualTo(1L);
    assertThat(failed.get(AttributeKey.stringKey("error.type"))).isEqualTo("upstream_server");
    assertThat(failed.get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(500L);
    assertThat(failed.get(AttributeKey.stringKey("llmrouter.outcome"))).isEqualTo("retried");
    assertThat(first.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);

    Attributes served = second.getAttributes();
    assertThat(served.get(AttributeKey.stringKey("gen_ai.provider.name"))).isEqualTo("anthropic");
    assertThat(served.get(AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("m-b");
    assertThat(served.get(AttributeKey.stringKey("gen_ai.response.model"))).isEqualTo("m-b");
    assertThat(served.get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"))).containsExactly("end_turn");
    assertThat(served.get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(15L);
    assertThat(served.get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(5L);
    assertThat(served.get(AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens"))).isEqualTo(3L);
    assertThat(served.get(AttributeKey.longKey("llmrouter.attempt"))).isEqualTo(2L);
    assertThat(served.get(AttributeKey.stringKey("llmrouter.retry_reason"))).isEqualTo("upstream_server");
    assertThat(served.get(AttributeKey.stringKey("llmrouter.key_alias"))).isEqualTo(Secret.of(BETA_KEY).fingerprint());
    assertThat(second.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);

    Attributes whole = call.getAttributes();
    assertThat(whole.get(AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("main");
    assertThat(whole.get(AttributeKey.stringKey("gen_ai.response.model"))).isEqualTo("m-b");
    assertThat(whole.get(AttributeKey.stringKey("gen_ai.provider.name"))).isEqualTo("anthropic");
    assertThat(whole.get(AttributeKey.stringKey("llmrouter.deployment"))).isEqualTo("beta/m-b");
    assertThat(whole.get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(5L);
    assertThat(whole.get(AttributeKey.longKey("llmrouter.attempts"))).isEqualTo(2L);
    assertThat(whole.get(AttributeKey.longKey("llmrouter.fallbacks"))).isEqualTo(1L);
    assertThat(whole.get(AttributeKey.stringKey("llmrouter.fallback_reason"))).isEqualTo("upstream_server");
    assertThat(whole.get(AttributeKey.booleanKey("llmrouter.cache_hit"))).isFalse();
    assertThat(whole.get(AttributeKey.stringKey("llmrouter.request_id"))).isNotBlank();
    assertThat(call.getEvents()).extracting(EventData::getName).containsExactly("llmrouter.fallback");
  }

  @Test
  void aFallbackIsCountedInTheMetrics() {
    upstream.script("alpha", Outcome.status(500));
    upstream.script("beta", Outcome.answer("fine").withUsage(USAGE));
    try (LlmRouter router = build(router())) {
      router.chat(ask("main"));
    }

    HistogramPointData duration = (HistogramPointData) metric("gen_ai.client.operation.duration").getData()
        .getPoints().iterator().next();
    assertThat(metric("gen_ai.client.operation.duration").getUnit()).isEqualTo("s");
    assertThat(duration.getCount()).isEqualTo(1);
    assertThat(attr(duration, AttributeKey.stringKey("gen_ai.provider.name"))).isEqualTo("anthropic");
    assertThat(attr(duration, AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("main");
    assertThat(attr(duration, AttributeKey.stringKey("gen_ai.response.model"))).isEqualTo("m-b");
    assertThat(attr(duration, AttributeKey.stringKey("error.type"))).isNull();

    MetricData tokens = metric("gen_ai.client.token.usage");
    assertThat(tokens.getUnit()).isEqualTo("{token}");
    assertThat(tokens.getData().getPoints()).hasSize(2).allSatisfy(point -> {
      HistogramPointData histogram = (HistogramPointData) point;
      String type = attr(point, AttributeKey.stringKey("gen_ai.token.type"));
      assertThat(histogram.getSum()).isEqualTo("input".equals(type) ? 15.0 : 5.0);
    });

    LongPointData error = single("llmrouter.errors");
    assertThat(error.getValue()).isEqualTo(1);
    assertThat(attr(error, AttributeKey.stringKey("llmrouter.provider"))).isEqualTo("alpha");
    assertThat(attr(error, AttributeKey.stringKey("gen_ai.provider.name"))).isEqualTo("openai");
    assertThat(attr(error, AttributeKey.stringKey("error.type"))).isEqualTo("upstream_server");
    LongPointData fallback = single("llmrouter.fallbacks");
    assertThat(fallback.getValue()).isEqualTo(1);
    assertThat(attr(fallback, AttributeKey.stringKey("llmrouter.fallback.to"))).isEqualTo("backup");
    assertThat(single("llmrouter.retries").getValue()).isEqualTo(1);
    LongPointData requests = single("llmrouter.requests");
    assertThat(requests.getValue()).isEqualTo(1);
    assertThat(attr(requests, AttributeKey.stringKey("llmrouter.outcome"))).isEqualTo("ok");
    assertThat(single("llmrouter.requests.active").getValue()).isZero();
  }

  private LongPointData single(String name) {
    Collection<? extends PointData> points = metric(name).getData().getPoints();
    assertThat(points).as(name).hasSize(1);
    return (LongPointData) points.iterator().next();
  }

  @Test
  void aStreamRecordsTimeToFirstChunkAndUsage() {
    upstream.script("alpha", Outcome.slow(Duration.ofMillis(250)).withUsage(USAGE));
    try (LlmRouter router = build(router()); ChatStream stream = router.stream(ask("main"))) {
      assertThat(single("llmrouter.requests.active").getValue()).isEqualTo(1);
      for (StreamEvent event : stream) {
        assertThat(event).isNotInstanceOf(StreamEvent.StreamError.class);
      }
    }

    SpanData call = only("chat main");
    SpanData attempt = only("chat m-a");
    AttributeKey<Double> ttfc = AttributeKey.doubleKey("gen_ai.response.time_to_first_chunk");
    assertThat(attempt.getAttributes().get(ttfc)).isEqualTo(0.25);
    assertThat(call.getAttributes().get(ttfc)).isEqualTo(0.25);
    assertThat(call.getAttributes().get(AttributeKey.booleanKey("llmrouter.stream"))).isTrue();
    assertThat(attempt.getAttributes().get(AttributeKey.stringKey("gen_ai.response.model"))).isEqualTo("m-a");
    assertThat(attempt.getAttributes().get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons")))
        .containsExactly("end_turn");
    assertThat(attempt.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(15L);
    assertThat(call.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(5L);

    MetricData firstChunk = metric("gen_ai.client.operation.time_to_first_chunk");
    assertThat(firstChunk.getUnit()).isEqualTo("s");
    HistogramPointData point = (HistogramPointData) firstChunk.getData().getPoints().iterator().next();
    assertThat(point.getCount()).isEqualTo(1);
    assertThat(point.getSum()).isEqualTo(0.25);
    assertThat(metric("gen_ai.client.token.usage").getData().getPoints()).hasSize(2);
    assertThat(single("llmrouter.requests.active").getValue()).isZero();
    assertThat(lines(RouterTelemetry.REQUEST_LOGGER)).singleElement().asString()
        .contains("model=main", "provider=alpha", "outcome=ok", "ttft_ms=250", "input_tokens=15", "output_tokens=5",
            "stream=true");
  }

  @Test
  void theClientsTraceparentIsContinuedAndTheAttemptsContextGoesUpstream() {
    try (LlmRouter router = build(router());
        NativeResponse response = router.handle(anthropic("main|false|hi")
            .header("traceparent", "00-" + CLIENT_TRACE + "-" + CLIENT_SPAN + "-01")
            .header("x-request-id", "req-42").build())) {
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.headers()).containsEntry("x-request-id", "req-42");
    }

    SpanData call = only("chat main");
    SpanData attempt = only("chat m-a");
    assertThat(call.getTraceId()).isEqualTo(CLIENT_TRACE);
    assertThat(call.getParentSpanId()).isEqualTo(CLIENT_SPAN);
    assertThat(call.getAttributes().get(AttributeKey.stringKey("llmrouter.request_id"))).isEqualTo("req-42");
    assertThat(call.getAttributes().get(AttributeKey.stringKey("llmrouter.client_format"))).isEqualTo("anthropic");
    assertThat(upstream.callOptions).singleElement().satisfies(options -> assertThat(options.headers())
        .containsEntry("traceparent", "00-" + CLIENT_TRACE + "-" + attempt.getSpanId() + "-01"));
    assertThat(mdcDuringAttempts).containsExactly("req-42");
    assertThat(MDC.get(RouterTelemetry.MDC_REQUEST_ID)).isNull();
    assertThat(lines(RouterTelemetry.REQUEST_LOGGER)).singleElement().asString()
        .contains("request_id=req-42", "format=anthropic");
    assertThat(logs.list).filteredOn(e -> e.getLoggerName().equals(RouterTelemetry.REQUEST_LOGGER))
        .allSatisfy(e -> assertThat(e.getMDCPropertyMap()).containsEntry(RouterTelemetry.MDC_REQUEST_ID, "req-42"));
  }

  @Test
  void withoutOpenTelemetryTheClientsTraceparentStillReachesTheUpstreamAndEveryAnswerHasAnId() {
    String traceparent = "00-" + CLIENT_TRACE + "-" + CLIENT_SPAN + "-01";
    LlmRouter.Builder builder = LlmRouter.builder()
        .clock(clock)
        .adapterFactory(upstream)
        .codec(new LineCodec(WireFormat.ANTHROPIC_MESSAGES))
        .addProvider(ProviderConfig.builder("alpha", "recording").wireFormat(WireFormat.OPENAI_CHAT).build())
        .route("main", "alpha", "m-a");
    try (LlmRouter router = builder.build();
        NativeResponse answer = router.handle(anthropic("main|false|hi").header("traceparent", traceparent).build());
        NativeResponse unknown = router.handle(anthropic("nowhere|false|hi").build());
        NativeResponse malformed = router.handle(anthropic("no pipes").build())) {
      assertThat(answer.headers().get("x-request-id")).isNotBlank();
      assertThat(unknown.status()).isEqualTo(404);
      assertThat(unknown.headers().get("x-request-id")).isNotBlank().isNotEqualTo(answer.headers().get("x-request-id"));
      assertThat(malformed.headers().get("x-request-id")).isNotBlank();
    }
    assertThat(upstream.callOptions).singleElement()
        .satisfies(options -> assertThat(options.headers()).containsEntry("traceparent", traceparent));
    assertThat(spans.getFinishedSpanItems()).isEmpty();
  }

  @Test
  void keyCooldownsAndBreakerTransitionsAreCounted() {
    upstream.script("alpha", Outcome.rateLimited(Duration.ofSeconds(5)), Outcome.status(500));
    try (LlmRouter router = build(router().circuitBreaker(CircuitBreakerConfig.builder().failureThreshold(1).build()))) {
      router.chat(ask("main"));
      clock.advance(Duration.ofSeconds(5));
      router.chat(ask("main"));
    }
    LongPointData cooldown = single("llmrouter.key.cooldowns");
    assertThat(attr(cooldown, AttributeKey.stringKey("llmrouter.provider"))).isEqualTo("alpha");
    assertThat(attr(cooldown, AttributeKey.stringKey("llmrouter.key_alias"))).isEqualTo(Secret.of(ALPHA_KEY).fingerprint());
    LongPointData opened = single("llmrouter.circuit_breaker.transitions");
    assertThat(attr(opened, AttributeKey.stringKey("llmrouter.deployment"))).isEqualTo("alpha/m-a");
    assertThat(attr(opened, AttributeKey.stringKey("llmrouter.circuit.from"))).isEqualTo("closed");
    assertThat(attr(opened, AttributeKey.stringKey("llmrouter.circuit.to"))).isEqualTo("open");
    assertThat(metric("llmrouter.fallbacks").getData().getPoints())
        .extracting(point -> attr(point, AttributeKey.stringKey("error.type")))
        .containsExactlyInAnyOrder("rate_limited", "upstream_server");
  }

  @Test
  void countingTokensIsItsOwnOperation() {
    try (LlmRouter router = build(router());
        NativeResponse response = router.handle(anthropic("main|false|hi")
            .operation(NativeRequest.Operation.COUNT_TOKENS).build())) {
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.headers().get("x-request-id")).isNotBlank();
    }
    assertThat(only("count_tokens main").getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name")))
        .isEqualTo("count_tokens");
    assertThat(only("count_tokens m-a").getParentSpanId()).isEqualTo(only("count_tokens main").getSpanId());
    assertThat(lines(RouterTelemetry.REQUEST_LOGGER)).singleElement().asString().contains("operation=count_tokens");
  }

  @Test
  void theCallerSpanIsTheParentAndACacheHitIsOneSpan() {
    io.opentelemetry.api.trace.Tracer tracer = otel.getTracer("app");
    Span outer = tracer.spanBuilder("app work").startSpan();
    try (LlmRouter router = build(router().cache(dev.llmrouter.core.cache.CacheConfig.builder().build()));
        io.opentelemetry.context.Scope scope = outer.makeCurrent()) {
      ChatRequest deterministic = ChatRequest.builder().model("main").addMessage(Message.user("hi")).temperature(0.0).build();
      router.chat(deterministic);
      router.chat(deterministic);
    } finally {
      outer.end();
    }
    List<SpanData> calls = spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals("chat main")).toList();
    assertThat(calls).hasSize(2).allSatisfy(s -> assertThat(s.getParentSpanId()).isEqualTo(outer.getSpanContext().getSpanId()));
    assertThat(calls.get(1).getAttributes().get(AttributeKey.booleanKey("llmrouter.cache_hit"))).isTrue();
    assertThat(only("chat m-a")).isNotNull();
    assertThat(single("llmrouter.cache.hits").getValue()).isEqualTo(1);
  }

  @Test
  void aFailedCallRecordsItsErrorOnSpanMetricAndLogLine() {
    upstream.script("alpha", Outcome.status(400));
    try (LlmRouter router = build(router())) {
      router.chat(ask("main"));
    } catch (LlmException expected) {
      assertThat(expected.kind()).isEqualTo(ErrorKind.BAD_REQUEST);
    }
    SpanData call = only("chat main");
    assertThat(call.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(call.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("bad_request");
    assertThat(call.getEvents()).extracting(EventData::getName).contains("exception");
    assertThat(only("chat m-a").getAttributes().get(AttributeKey.stringKey("llmrouter.outcome"))).isEqualTo("failed");
    LongPointData requests = single("llmrouter.requests");
    assertThat(attr(requests, AttributeKey.stringKey("llmrouter.outcome"))).isEqualTo("error");
    assertThat(attr(requests, AttributeKey.stringKey("error.type"))).isEqualTo("bad_request");
    assertThat(metrics.collectAllMetrics()).extracting(MetricData::getName).doesNotContain("llmrouter.retries");
    assertThat(lines(RouterTelemetry.REQUEST_LOGGER)).singleElement().asString()
        .contains("outcome=error", "status=400", "error=bad_request");
  }

  @Test
  void aStreamClosedBeforeItsEndSaysSoOnItsLogLineAndOneReadToTheEndDoesNot() {
    try (LlmRouter router = build(router())) {
      try (ChatStream stream = router.stream(ask("main"))) {
        assertThat(stream.iterator().next()).isInstanceOf(StreamEvent.MessageStart.class);
      }
      try (ChatStream stream = router.stream(ask("main"))) {
        stream.forEach(event -> { });
      }
    }
    assertThat(lines(RouterTelemetry.REQUEST_LOGGER)).hasSize(2);
    assertThat(lines(RouterTelemetry.REQUEST_LOGGER).get(0)).contains("outcome=ok", "stream=true closed_by_caller=true");
    assertThat(lines(RouterTelemetry.REQUEST_LOGGER).get(1)).contains("outcome=ok").doesNotContain("closed_by_caller");
    assertThat(single("llmrouter.requests.active").getValue()).isZero();
  }

  @Test
  void anAdaptersDefectInAChatEndsBothSpansWithAnErrorAndTheCallLeavesTheInFlightCount() {
    upstream.script("alpha", Outcome.defect(new IllegalStateException("adapter bug")));
    try (LlmRouter router = build(router())) {
      assertThatThrownBy(() -> router.chat(ask("main"))).isInstanceOf(IllegalStateException.class)
          .hasMessage("adapter bug");
    }
    assertDefectRecorded(true);
  }

  @Test
  void anAdaptersDefectOpeningAStreamEndsBothSpansWithAnError() {
    upstream.script("alpha", Outcome.defect(new IllegalStateException("adapter bug")));
    try (LlmRouter router = build(router())) {
      assertThatThrownBy(() -> router.stream(ask("main"))).isInstanceOf(IllegalStateException.class);
    }
    assertDefectRecorded(true);
  }

  @Test
  void anAdaptersDefectThroughHandleEndsBothSpansWithAnErrorAndAnswers500() {
    upstream.script("alpha", Outcome.defect(new IllegalStateException("adapter bug")));
    try (LlmRouter router = build(router()); NativeResponse response = router.handle(anthropic("main|false|hi").build())) {
      assertThat(response.status()).isEqualTo(500);
    }
    assertDefectRecorded(true);
    assertThat(lines(RouterTelemetry.REQUEST_LOGGER)).singleElement().asString()
        .contains("outcome=error", "status=500", "error=java.lang.IllegalStateException");
  }

  @Test
  void anErrorThrownByAStreamAfterItsFirstContentEndsItInBandAndEndsBothSpans() {
    upstream.script("alpha", Outcome.errorThrownAfter(3, new StackOverflowError("adapter bug")));
    List<StreamEvent> seen = new java.util.ArrayList<>();
    try (LlmRouter router = build(router()); ChatStream stream = router.stream(ask("main"))) {
      stream.forEach(seen::add);
    }
    assertThat(seen.get(seen.size() - 1)).isInstanceOfSatisfying(StreamEvent.StreamError.class,
        error -> assertThat(error.error().getCause()).isInstanceOf(StackOverflowError.class));
    for (SpanData span : List.of(only("chat main"), only("chat m-a"))) {
      assertThat(span.getStatus().getStatusCode()).as(span.getName()).isEqualTo(StatusCode.ERROR);
    }
    assertThat(single("llmrouter.requests.active").getValue()).isZero();
  }

  @Test
  void anInterceptorsDefectEndsBothSpansWithAnError() {
    LlmRouter.Builder builder = router().addAttemptInterceptor(attempt -> {
      throw new IllegalStateException("interceptor bug");
    });
    try (LlmRouter router = build(builder)) {
      assertThatThrownBy(() -> router.chat(ask("main"))).isInstanceOf(IllegalStateException.class);
    }
    assertDefectRecorded(false);
    assertThat(upstream.callsTo("alpha")).isEmpty();
  }

  /** The call and its one attempt ended as failed by an IllegalStateException, and nothing is left in flight. */
  private void assertDefectRecorded(boolean fromAdapter) {
    assertThat(spans.getFinishedSpanItems()).hasSize(2);
    AttributeKey<String> errorType = AttributeKey.stringKey("error.type");
    for (SpanData span : List.of(only("chat main"), only("chat m-a"))) {
      assertThat(span.getStatus().getStatusCode()).as(span.getName()).isEqualTo(StatusCode.ERROR);
      assertThat(span.getAttributes().get(errorType)).isEqualTo("java.lang.IllegalStateException");
      assertThat(span.getEvents()).filteredOn(e -> e.getName().equals("exception")).singleElement()
          .satisfies(e -> assertThat(e.getAttributes().get(AttributeKey.stringKey("exception.message")))
              .isEqualTo(fromAdapter ? "adapter bug" : "interceptor bug"));
    }
    assertThat(only("chat m-a").getAttributes().get(AttributeKey.stringKey("llmrouter.outcome"))).isEqualTo("failed");
    assertThat(single("llmrouter.requests.active").getValue()).isZero();
    LongPointData requests = single("llmrouter.requests");
    assertThat(attr(requests, AttributeKey.stringKey("llmrouter.outcome"))).isEqualTo("error");
    assertThat(attr(requests, errorType)).isEqualTo("java.lang.IllegalStateException");
    assertThat(attr(single("llmrouter.errors"), AttributeKey.stringKey("llmrouter.provider"))).isEqualTo("alpha");
  }

  @Test
  void noKeyOrClientCredentialAppearsInLogsSpansOrMetrics() {
    loggers().getLogger(RouterTelemetry.BODY_LOGGER).setLevel(Level.DEBUG);
    // an adapter that breaks the rule and quotes the key it was refused with
    upstream.script("alpha", Outcome.fail(LlmException.builder(ErrorKind.AUTHENTICATION,
        "invalid x-api-key: " + ALPHA_KEY).upstreamStatus(401).build()));
    upstream.script("beta", Outcome.answer("fine").withUsage(USAGE));
    String body = "main|false|my keys are " + ALPHA_KEY + " and " + BETA_KEY + "; Authorization: Bearer " + CLIENT_KEY;
    try (LlmRouter router = build(router());
        NativeResponse response = router.handle(anthropic(body)
            .header("authorization", "Bearer " + CLIENT_KEY).header("x-api-key", CLIENT_KEY).build())) {
      assertThat(response.status()).isEqualTo(200);
    }

    StringBuilder everything = new StringBuilder();
    for (ILoggingEvent event : logs.list) {
      everything.append(event.getFormattedMessage()).append(event.getMDCPropertyMap())
          .append(event.getKeyValuePairs()).append('\n');
      if (event.getThrowableProxy() != null) {
        everything.append(event.getThrowableProxy().getMessage()).append('\n');
      }
    }
    for (SpanData span : spans.getFinishedSpanItems()) {
      everything.append(span.getName()).append(span.getAttributes()).append(span.getStatus()).append('\n');
      for (EventData event : span.getEvents()) {
        everything.append(event.getName()).append(event.getAttributes()).append('\n');
      }
    }
    for (MetricData metric : metrics.collectAllMetrics()) {
      for (PointData point : metric.getData().getPoints()) {
        everything.append(metric.getName()).append(point.getAttributes()).append('\n');
      }
    }
    String seen = everything.toString();
    // the test can fail: the body line, the key's failure and both keys' aliases are there to be read
    assertThat(lines(RouterTelemetry.BODY_LOGGER)).isNotEmpty();
    assertThat(logs.list).filteredOn(e -> e.getLoggerName().equals(RouterTelemetry.BODY_LOGGER))
        .allSatisfy(e -> assertThat(e.getMDCPropertyMap()).containsKey(RouterTelemetry.MDC_REQUEST_ID));
    assertThat(seen).contains("authentication", Secret.of(ALPHA_KEY).fingerprint(), Secret.of(BETA_KEY).fingerprint());
    assertThat(seen).doesNotContain(ALPHA_KEY).doesNotContain(BETA_KEY).doesNotContain(CLIENT_KEY);
  }

  private static NativeRequest.Builder anthropic(String body) {
    return NativeRequest.builder(WireFormat.ANTHROPIC_MESSAGES, body.getBytes(StandardCharsets.UTF_8));
  }

  private List<String> lines(String logger) {
    List<String> found = new ArrayList<>();
    for (ILoggingEvent event : logs.list) {
      if (event.getLoggerName().equals(logger)) {
        found.add(event.getFormattedMessage());
      }
    }
    return found;
  }
}
