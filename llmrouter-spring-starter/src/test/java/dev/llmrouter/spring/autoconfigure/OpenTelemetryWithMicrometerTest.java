package dev.llmrouter.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.core.LlmRouter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A Boot application with both an OpenTelemetry SDK and Actuator's Micrometer registry: the spans go
 * to OpenTelemetry, the metrics to Micrometer, and no number is recorded twice.
 */
@SpringBootTest(classes = OpenTelemetryWithMicrometerTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
    properties = {"llmrouter.discover-from-environment=false", "llmrouter.mock-when-no-providers=true"})
class OpenTelemetryWithMicrometerTest {
  static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
  static final InMemoryMetricReader OTEL_METRICS = InMemoryMetricReader.create();

  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class App {
    @Bean(destroyMethod = "")
    OpenTelemetry openTelemetry() {
      return sdk(SPANS, OTEL_METRICS);
    }
  }

  static OpenTelemetrySdk sdk(InMemorySpanExporter spans, InMemoryMetricReader metrics) {
    return OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
        .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
        .build();
  }

  @Autowired LlmRouter router;
  @Autowired MeterRegistry registry;

  @AfterAll
  static void release() {
    SPANS.shutdown();
    OTEL_METRICS.shutdown();
  }

  private static List<String> routerMetrics(InMemoryMetricReader reader) {
    return reader.collectAllMetrics().stream().filter(m -> m.getInstrumentationScopeInfo().getName().equals("dev.llmrouter"))
        .map(MetricData::getName).toList();
  }

  @Test
  void spansGoToOpenTelemetryAndEveryMetricIsCountedOnceInMicrometer() {
    router.chat(ChatRequest.builder().model("gpt-x").addMessage(Message.user("hi")).build());

    assertThat(SPANS.getFinishedSpanItems()).extracting(SpanData::getName).contains("chat gpt-x");
    assertThat(routerMetrics(OTEL_METRICS)).as("nothing of the router's through OpenTelemetry").isEmpty();
    assertThat(registry.get("llmrouter.requests").counter().count()).isEqualTo(1);
    assertThat(registry.get("gen_ai.client.operation.duration").timer().count()).isEqualTo(1);
    assertThat(registry.get("gen_ai.client.token.usage").summaries()).hasSize(2)
        .allSatisfy(tokens -> assertThat(tokens.count()).isEqualTo(1));
  }

  @Test
  void withMicrometerMetricsOffTheyStayWithOpenTelemetry() {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    InMemoryMetricReader metrics = InMemoryMetricReader.create();
    OpenTelemetrySdk otel = sdk(spans, metrics);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(LlmRouterAutoConfiguration.class))
        .withPropertyValues("llmrouter.discover-from-environment=false", "llmrouter.mock-when-no-providers=true",
            "llmrouter.micrometer-metrics=false")
        .withBean(OpenTelemetry.class, () -> otel)
        .withBean(MeterRegistry.class, () -> meters)
        .run(context -> {
          context.getBean(LlmRouter.class).chat(ChatRequest.builder().model("gpt-x").addMessage(Message.user("hi")).build());
          // inside: closing the context closes the SDK bean, and its reader with it
          assertThat(meters.getMeters()).isEmpty();
          assertThat(routerMetrics(metrics)).contains("llmrouter.requests", "gen_ai.client.operation.duration");
          LongPointData requests = (LongPointData) metrics.collectAllMetrics().stream()
              .filter(m -> m.getName().equals("llmrouter.requests")).findFirst().orElseThrow().getLongSumData()
              .getPoints().iterator().next();
          assertThat(requests.getValue()).isEqualTo(1);
          assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getName).contains("chat gpt-x");
        });
    otel.close();
  }
}
