package dev.llmrouter.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.core.CallInfo;
import dev.llmrouter.core.telemetry.RouterTelemetry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The OpenTelemetry instruments the router uses, as Micrometer meters. */
class MicrometerMeterProviderTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Meter meter = new MicrometerMeterProvider(registry).get("dev.llmrouter");
  private static final Attributes CHAT = Attributes.of(AttributeKey.stringKey("gen_ai.operation.name"), "chat");

  @Test
  void aCostReportedByGovernanceIsACounterInUsd() {
    RouterTelemetry telemetry = RouterTelemetry.create(OpenTelemetry.noop(), new MicrometerMeterProvider(registry),
        List.of(), System::nanoTime);
    telemetry.cost(new CallInfo("r-1", "main", false, null), null, 0.25);
    telemetry.cost(new CallInfo("r-2", "main", false, null), null, 0.5);

    Counter cost = registry.get("llmrouter.cost").tag("gen_ai.operation.name", "chat").counter();
    assertThat(cost.count()).isEqualTo(0.75);
    assertThat(cost.getId().getBaseUnit()).isEqualTo("USD");
  }

  @Test
  void prometheusNamesAreTheOnesTheReadmeLists() {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Meter onPrometheus = new MicrometerMeterProvider(prometheus).get("dev.llmrouter");
    onPrometheus.counterBuilder("llmrouter.cost").ofDoubles().setUnit("USD").build().add(0.5, CHAT);
    onPrometheus.counterBuilder("llmrouter.requests").setUnit("{request}").build().add(1, CHAT);
    onPrometheus.histogramBuilder("gen_ai.client.token.usage").ofLongs().setUnit("{token}").build().record(3, CHAT);
    onPrometheus.upDownCounterBuilder("llmrouter.requests.active").setUnit("{request}").build().add(1, CHAT);

    assertThat(prometheus.scrape())
        .contains("llmrouter_cost_USD_total{gen_ai_operation_name=\"chat\"} 0.5")
        .contains("llmrouter_requests_total{gen_ai_operation_name=\"chat\"} 1.0")
        .contains("gen_ai_client_token_usage_sum{gen_ai_operation_name=\"chat\"} 3.0")
        .contains("llmrouter_requests_active{gen_ai_operation_name=\"chat\"} 1.0");
  }

  @Test
  void anUpDownCounterIsAGaugeOfItsRunningTotalPerTagSet() {
    LongUpDownCounter active = meter.upDownCounterBuilder("llmrouter.requests.active").setUnit("{request}").build();
    active.add(1, CHAT);
    active.add(1, CHAT);
    active.add(-1, CHAT);
    active.add(1, Attributes.of(AttributeKey.stringKey("gen_ai.operation.name"), "count_tokens"));

    assertThat(registry.get("llmrouter.requests.active").tag("gen_ai.operation.name", "chat").gauge().value()).isEqualTo(1);
    assertThat(registry.get("llmrouter.requests.active").tag("gen_ai.operation.name", "count_tokens").gauge().value())
        .isEqualTo(1);
  }

  @Test
  void twoRoutersOnOneRegistryAddToTheSameGauge() {
    LongUpDownCounter first = meter.upDownCounterBuilder("llmrouter.requests.active").build();
    LongUpDownCounter second = new MicrometerMeterProvider(registry).get("dev.llmrouter")
        .upDownCounterBuilder("llmrouter.requests.active").build();
    first.add(1, CHAT);
    second.add(1, CHAT);

    assertThat(registry.get("llmrouter.requests.active").gauge().value()).isEqualTo(2);
  }

  @Test
  void histogramsInSecondsAreTimersWithTheAdvisedBuckets() {
    meter.histogramBuilder("gen_ai.client.operation.duration").setUnit("s")
        .setExplicitBucketBoundariesAdvice(List.of(0.1, 1.0)).build().record(0.5, CHAT);

    Timer timer = registry.get("gen_ai.client.operation.duration").tags("gen_ai.operation.name", "chat").timer();
    assertThat(timer.count()).isEqualTo(1);
    assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(500);
    CountAtBucket[] buckets = timer.takeSnapshot().histogramCounts();
    assertThat(buckets).extracting(b -> b.bucket(TimeUnit.SECONDS)).containsExactly(0.1, 1.0);
    assertThat(buckets).extracting(CountAtBucket::count).containsExactly(0.0, 1.0);
  }

  @Test
  void otherHistogramsAreSummariesAndListAttributesBecomeOneTag() {
    meter.histogramBuilder("gen_ai.client.token.usage").ofLongs().setUnit("{token}")
        .setExplicitBucketBoundariesAdvice(List.of(16L, 256L)).build()
        .record(20, Attributes.of(AttributeKey.stringArrayKey("reasons"), List.of("stop", "length")));

    DistributionSummary tokens = registry.get("gen_ai.client.token.usage").tag("reasons", "stop,length").summary();
    assertThat(tokens.totalAmount()).isEqualTo(20);
    assertThat(tokens.getId().getBaseUnit()).isNull();
    assertThat(tokens.takeSnapshot().histogramCounts()).extracting(CountAtBucket::count).containsExactly(0.0, 1.0);
  }
}
