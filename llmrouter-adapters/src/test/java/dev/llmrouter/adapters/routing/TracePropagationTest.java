package dev.llmrouter.adapters.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.adapters.testing.Fixtures;
import dev.llmrouter.api.NativeRequest;
import dev.llmrouter.api.NativeResponse;
import dev.llmrouter.api.Secret;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.core.LlmRouter;
import dev.llmrouter.core.ProviderConfig;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A client's {@code traceparent} through the router and the real HTTP adapters: the call's span
 * continues it, and the upstream receives the context of the attempt's span, never the client's
 * credentials, both when the body is translated and when it passes through.
 */
class TracePropagationTest {
  private static final String CLIENT_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String CLIENT_SPAN = "00f067aa0ba902b7";

  @StartStop private final MockWebServer openai = new MockWebServer();
  @StartStop private final MockWebServer anthropic = new MockWebServer();
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
      .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
      .build();

  @AfterEach
  void closeSdk() {
    otel.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"translated", "passthrough"})
  void theUpstreamGetsTheAttemptsTraceparent(String route) throws Exception {
    boolean passthrough = route.equals("passthrough");
    MockWebServer upstream = passthrough ? anthropic : openai;
    upstream.enqueue(new MockResponse.Builder().addHeader("content-type", "application/json")
        .body(Fixtures.text(passthrough ? "anthropic/01-simple-text.response.json" : "openai-chat/01-simple-text.response.json"))
        .build());
    String body = Fixtures.text("anthropic/01-simple-text.request.json");
    try (LlmRouter router = LlmRouter.builder()
            .openTelemetry(otel)
            .addProvider(ProviderConfig.builder("openai", "openai").baseUrl(openai.url("/v1").toString())
                .apiKey(Secret.of("sk-upstream-openai-key")).build())
            .addProvider(ProviderConfig.builder("anthropic", "anthropic").baseUrl(anthropic.url("/").toString())
                .apiKey(Secret.of("sk-upstream-anthropic-key")).build())
            .alias(modelOf(body), passthrough ? "anthropic/claude-up" : "openai/gpt-up")
            .build();
        NativeResponse response = router.handle(NativeRequest.builder(WireFormat.ANTHROPIC_MESSAGES,
                body.getBytes(StandardCharsets.UTF_8))
            .header("traceparent", "00-" + CLIENT_TRACE + "-" + CLIENT_SPAN + "-01")
            .header("x-api-key", "client-key-for-the-router")
            .header("x-request-id", "req-7")
            .build())) {
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.headers()).containsEntry("x-request-id", "req-7");
    }

    RecordedRequest sent = upstream.takeRequest();
    SpanData attempt = spans.getFinishedSpanItems().stream()
        .filter(span -> span.getParentSpanId().equals(callSpan().getSpanId())).findFirst().orElseThrow();
    assertThat(callSpan().getTraceId()).isEqualTo(CLIENT_TRACE);
    assertThat(sent.getHeaders().get("traceparent")).isEqualTo("00-" + CLIENT_TRACE + "-" + attempt.getSpanId() + "-01");
    assertThat(sent.getHeaders().toString()).doesNotContain("client-key-for-the-router");
    assertThat(attempt.getAttributes().asMap().toString()).contains(passthrough ? "anthropic" : "openai");
  }

  private SpanData callSpan() {
    return spans.getFinishedSpanItems().stream()
        .filter(span -> span.getParentSpanId().equals(CLIENT_SPAN)).findFirst().orElseThrow();
  }

  private static String modelOf(String anthropicBody) {
    int key = anthropicBody.indexOf("\"model\"");
    int start = anthropicBody.indexOf('"', anthropicBody.indexOf(':', key)) + 1;
    return anthropicBody.substring(start, anthropicBody.indexOf('"', start));
  }
}
