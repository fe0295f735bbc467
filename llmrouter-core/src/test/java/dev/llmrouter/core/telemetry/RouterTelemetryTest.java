package dev.llmrouter.core.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.api.model.Usage;
import dev.llmrouter.core.CallInfo;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hooks governance reports through, and the no-op path. */
class RouterTelemetryTest {
  private static final ChatRequest REQUEST = ChatRequest.builder().model("m").addMessage(Message.user("hi")).build();

  @Test
  void governanceAndCostGoOnTheCallSpanAndTheCostMetric() {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    InMemoryMetricReader metrics = InMemoryMetricReader.create();
    try (OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
        .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
        .build()) {
      RouterTelemetry telemetry = RouterTelemetry.create(otel, List.of(), System::nanoTime);
      CallInfo call = new CallInfo("r-1", "m", false, null);
      try (Scope scope = telemetry.begin(call, REQUEST, null)) {
        telemetry.callStart(call);
        telemetry.governance(call, "vk-team-a", "alert");
        telemetry.cost(call, null, 0.0125);
        telemetry.callEnd(call, null, Usage.ZERO);
      }
      telemetry.cost(call, null, 0.5); // after the end: counted, the ended span is left alone

      SpanData span = spans.getFinishedSpanItems().get(0);
      assertThat(span.getAttributes().get(AttributeKey.stringKey("llmrouter.virtual_key_id"))).isEqualTo("vk-team-a");
      assertThat(span.getAttributes().get(AttributeKey.stringKey("llmrouter.budget_state"))).isEqualTo("alert");
      assertThat(span.getAttributes().get(AttributeKey.doubleKey("llmrouter.cost"))).isEqualTo(0.0125);
      MetricData cost = metrics.collectAllMetrics().stream().filter(m -> m.getName().equals("llmrouter.cost"))
          .findFirst().orElseThrow();
      assertThat(cost.getUnit()).isEqualTo("USD");
      assertThat(((DoublePointData) cost.getData().getPoints().iterator().next()).getValue()).isEqualTo(0.5125);
    }
  }

  @Test
  void withTheNoOpImplementationACallStillGetsItsTraceparentAndNothingBreaks() {
    RouterTelemetry telemetry = RouterTelemetry.create(OpenTelemetry.noop(), List.of(), System::nanoTime);
    CallInfo call = new CallInfo("r-2", "m", false, null);
    try (Scope scope = telemetry.begin(call, REQUEST, null)) {
      telemetry.callStart(call);
      telemetry.callEnd(call, null, Usage.ZERO);
    }
    assertThat(telemetry.upstreamHeaders(new dev.llmrouter.core.AttemptInfo(call, 1, "g", "p", "m", null,
        dev.llmrouter.api.WireFormat.OPENAI_CHAT, false, REQUEST))).isEqualTo(Map.of());
  }

  @Test
  void aSaneClientRequestIdIsKeptAndAnythingElseReplaced() {
    assertThat(RouterTelemetry.requestId("req-42.a:b_c")).isEqualTo("req-42.a:b_c");
    assertThat(RouterTelemetry.requestId("bad id\nwith newline")).isNotEqualTo("bad id\nwith newline").hasSize(36);
    assertThat(RouterTelemetry.requestId(null)).hasSize(36);
  }
}
