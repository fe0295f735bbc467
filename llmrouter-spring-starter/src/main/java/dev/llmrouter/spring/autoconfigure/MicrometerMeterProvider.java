package dev.llmrouter.spring.autoconfigure;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleCounter;
import io.opentelemetry.api.metrics.DoubleCounterBuilder;
import io.opentelemetry.api.metrics.DoubleGaugeBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.DoubleHistogramBuilder;
import io.opentelemetry.api.metrics.DoubleUpDownCounterBuilder;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongCounterBuilder;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.LongHistogramBuilder;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.LongUpDownCounterBuilder;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterBuilder;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.metrics.ObservableDoubleCounter;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import io.opentelemetry.api.metrics.ObservableLongCounter;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.opentelemetry.api.metrics.ObservableLongUpDownCounter;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The router's OpenTelemetry instruments as Micrometer meters of the same names, with the attributes
 * as tags, so that an application's {@link MeterRegistry} (Actuator's {@code /actuator/metrics},
 * Prometheus, OTLP…) gets the numbers the router would otherwise send through OpenTelemetry — once.
 *
 * <p>Counters are counters; up-down counters are gauges over a value per tag set; histograms in
 * seconds are timers, others distribution summaries, both with the advised bucket boundaries as
 * service-level objectives (so Prometheus gets the same buckets). Annotation units such as
 * {@code {token}} carry no base unit, as OpenTelemetry's own Prometheus exporter drops them. The router
 * uses no asynchronous instrument or gauge: those builders go to the no-op meter.
 */
final class MicrometerMeterProvider implements MeterProvider {
  private static final Meter NOOP = MeterProvider.noop().get("llmrouter-unused");
  /** The gauges' totals by registry; weak keys: a closed application context takes its own along. */
  private static final Map<MeterRegistry, Map<String, AtomicLong>> GAUGE_TOTALS = new WeakHashMap<>();

  private final MeterRegistry registry;
  private final Meter meter = new RegistryMeter();

  MicrometerMeterProvider(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public MeterBuilder meterBuilder(String instrumentationScopeName) {
    return new MeterBuilder() {
      @Override
      public MeterBuilder setSchemaUrl(String schemaUrl) {
        return this;
      }

      @Override
      public MeterBuilder setInstrumentationVersion(String instrumentationScopeVersion) {
        return this;
      }

      @Override
      public Meter build() {
        return meter;
      }
    };
  }

  /** Micrometer's base unit for an OpenTelemetry unit: none for annotations ({@code {request}}). */
  static String baseUnit(String unit) {
    return unit == null || unit.isBlank() || unit.startsWith("{") ? null : unit;
  }

  static Tags tags(Attributes attributes) {
    List<Tag> tags = new ArrayList<>(attributes.size());
    attributes.forEach((key, value) -> tags.add(Tag.of(key.getKey(),
        value instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList()) : String.valueOf(value))));
    return Tags.of(tags);
  }

  private final class RegistryMeter implements Meter {
    @Override
    public LongCounterBuilder counterBuilder(String name) {
      return new CounterBuilder(name);
    }

    @Override
    public LongUpDownCounterBuilder upDownCounterBuilder(String name) {
      return new UpDownCounterBuilder(name);
    }

    @Override
    public DoubleHistogramBuilder histogramBuilder(String name) {
      return new HistogramBuilder(name);
    }

    @Override
    public DoubleGaugeBuilder gaugeBuilder(String name) {
      return NOOP.gaugeBuilder(name);
    }
  }

  /** One Micrometer meter per distinct set of attributes, made on first use. */
  private static final class PerAttributes<M> {
    private final Map<Attributes, M> meters = new ConcurrentHashMap<>();
    private final Function<Tags, M> create;

    PerAttributes(Function<Tags, M> create) {
      this.create = create;
    }

    M get(Attributes attributes) {
      Attributes key = attributes == null ? Attributes.empty() : attributes;
      M meter = meters.get(key);
      return meter != null ? meter : meters.computeIfAbsent(key, k -> create.apply(tags(k)));
    }
  }

  // ---- counters: the count of each tag set

  private Counter counter(String name, Described described, Tags tags) {
    return Counter.builder(name).description(described.description).baseUnit(baseUnit(described.unit)).tags(tags)
        .register(registry);
  }

  /** What every builder knows before {@code build()}. */
  private static class Described {
    String description;
    String unit;
  }

  private final class CounterBuilder extends Described implements LongCounterBuilder {
    private final String name;

    CounterBuilder(String name) {
      this.name = name;
    }

    @Override
    public LongCounterBuilder setDescription(String value) {
      description = value;
      return this;
    }

    @Override
    public LongCounterBuilder setUnit(String value) {
      unit = value;
      return this;
    }

    @Override
    public DoubleCounterBuilder ofDoubles() {
      return new DoubleCounterBuilderImpl(name, this);
    }

    @Override
    public LongCounter build() {
      PerAttributes<Counter> counters = new PerAttributes<>(tags -> counter(name, this, tags));
      return new LongCounter() {
        @Override
        public void add(long value) {
          add(value, Attributes.empty());
        }

        @Override
        public void add(long value, Attributes attributes) {
          counters.get(attributes).increment(value);
        }

        @Override
        public void add(long value, Attributes attributes, Context context) {
          add(value, attributes);
        }
      };
    }

    @Override
    public ObservableLongCounter buildWithCallback(Consumer<ObservableLongMeasurement> callback) {
      return NOOP.counterBuilder(name).buildWithCallback(callback);
    }
  }

  private final class DoubleCounterBuilderImpl extends Described implements DoubleCounterBuilder {
    private final String name;

    DoubleCounterBuilderImpl(String name, Described from) {
      this.name = name;
      this.description = from.description;
      this.unit = from.unit;
    }

    @Override
    public DoubleCounterBuilder setDescription(String value) {
      description = value;
      return this;
    }

    @Override
    public DoubleCounterBuilder setUnit(String value) {
      unit = value;
      return this;
    }

    @Override
    public DoubleCounter build() {
      PerAttributes<Counter> counters = new PerAttributes<>(tags -> counter(name, this, tags));
      return new DoubleCounter() {
        @Override
        public void add(double value) {
          add(value, Attributes.empty());
        }

        @Override
        public void add(double value, Attributes attributes) {
          counters.get(attributes).increment(value);
        }

        @Override
        public void add(double value, Attributes attributes, Context context) {
          add(value, attributes);
        }
      };
    }

    @Override
    public ObservableDoubleCounter buildWithCallback(Consumer<ObservableDoubleMeasurement> callback) {
      return NOOP.counterBuilder(name).ofDoubles().buildWithCallback(callback);
    }
  }

  // ---- up-down counters: a gauge over the running total of each tag set

  private final class UpDownCounterBuilder extends Described implements LongUpDownCounterBuilder {
    private final String name;

    UpDownCounterBuilder(String name) {
      this.name = name;
    }

    @Override
    public LongUpDownCounterBuilder setDescription(String value) {
      description = value;
      return this;
    }

    @Override
    public LongUpDownCounterBuilder setUnit(String value) {
      unit = value;
      return this;
    }

    @Override
    public DoubleUpDownCounterBuilder ofDoubles() {
      return NOOP.upDownCounterBuilder(name).ofDoubles();
    }

    @Override
    public LongUpDownCounter build() {
      PerAttributes<AtomicLong> totals = new PerAttributes<>(tags -> total(name, tags, description, unit));
      return new LongUpDownCounter() {
        @Override
        public void add(long value) {
          add(value, Attributes.empty());
        }

        @Override
        public void add(long value, Attributes attributes) {
          totals.get(attributes).addAndGet(value);
        }

        @Override
        public void add(long value, Attributes attributes, Context context) {
          add(value, attributes);
        }
      };
    }

    @Override
    public ObservableLongUpDownCounter buildWithCallback(Consumer<ObservableLongMeasurement> callback) {
      return NOOP.upDownCounterBuilder(name).buildWithCallback(callback);
    }
  }

  // ---- histograms: a timer for seconds, else a distribution summary

  private final class HistogramBuilder extends Described implements DoubleHistogramBuilder {
    private final String name;
    private List<Double> boundaries = List.of();

    HistogramBuilder(String name) {
      this.name = name;
    }

    @Override
    public DoubleHistogramBuilder setDescription(String value) {
      description = value;
      return this;
    }

    @Override
    public DoubleHistogramBuilder setUnit(String value) {
      unit = value;
      return this;
    }

    @Override
    public DoubleHistogramBuilder setExplicitBucketBoundariesAdvice(List<Double> value) {
      boundaries = List.copyOf(value);
      return this;
    }

    @Override
    public LongHistogramBuilder ofLongs() {
      return new LongHistogramBuilderImpl(name, this);
    }

    @Override
    public DoubleHistogram build() {
      if ("s".equals(unit)) {
        Duration[] slos = boundaries.stream().map(s -> Duration.ofNanos(Math.round(s * 1e9))).toArray(Duration[]::new);
        PerAttributes<Timer> timers = new PerAttributes<>(tags -> Timer.builder(name).description(description)
            .serviceLevelObjectives(slos).tags(tags).register(registry));
        return new DoubleHistogram() {
          @Override
          public void record(double seconds) {
            record(seconds, Attributes.empty());
          }

          @Override
          public void record(double seconds, Attributes attributes) {
            timers.get(attributes).record(Math.round(seconds * 1e9), TimeUnit.NANOSECONDS);
          }

          @Override
          public void record(double seconds, Attributes attributes, Context context) {
            record(seconds, attributes);
          }
        };
      }
      PerAttributes<DistributionSummary> summaries = summaries(name, this,
          boundaries.stream().mapToDouble(Double::doubleValue).toArray());
      return new DoubleHistogram() {
        @Override
        public void record(double value) {
          record(value, Attributes.empty());
        }

        @Override
        public void record(double value, Attributes attributes) {
          summaries.get(attributes).record(value);
        }

        @Override
        public void record(double value, Attributes attributes, Context context) {
          record(value, attributes);
        }
      };
    }
  }

  /**
   * The running total behind a gauge, one per registry, name and tags: a registry keeps the first gauge
   * registered under an id, so two routers on one registry must add to the same total. The map holds
   * the totals strongly, as a Micrometer gauge keeps only a weak reference to its object.
   */
  private AtomicLong total(String name, Tags tags, String description, String unit) {
    Map<String, AtomicLong> totals;
    synchronized (GAUGE_TOTALS) {
      totals = GAUGE_TOTALS.computeIfAbsent(registry, r -> new ConcurrentHashMap<>());
    }
    return totals.computeIfAbsent(name + tags, key -> {
      AtomicLong total = new AtomicLong();
      Gauge.builder(name, total, AtomicLong::get).description(description).baseUnit(baseUnit(unit)).tags(tags)
          .register(registry);
      return total;
    });
  }

  private PerAttributes<DistributionSummary> summaries(String name, Described described, double[] slos) {
    return new PerAttributes<>(tags -> DistributionSummary.builder(name).description(described.description)
        .baseUnit(baseUnit(described.unit)).serviceLevelObjectives(slos).tags(tags).register(registry));
  }

  private final class LongHistogramBuilderImpl extends Described implements LongHistogramBuilder {
    private final String name;
    private double[] boundaries;

    LongHistogramBuilderImpl(String name, HistogramBuilder from) {
      this.name = name;
      this.description = from.description;
      this.unit = from.unit;
      this.boundaries = from.boundaries.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Override
    public LongHistogramBuilder setDescription(String value) {
      description = value;
      return this;
    }

    @Override
    public LongHistogramBuilder setUnit(String value) {
      unit = value;
      return this;
    }

    @Override
    public LongHistogramBuilder setExplicitBucketBoundariesAdvice(List<Long> value) {
      boundaries = value.stream().mapToDouble(Long::doubleValue).toArray();
      return this;
    }

    @Override
    public LongHistogram build() {
      PerAttributes<DistributionSummary> summaries = summaries(name, this, boundaries);
      return new LongHistogram() {
        @Override
        public void record(long value) {
          record(value, Attributes.empty());
        }

        @Override
        public void record(long value, Attributes attributes) {
          summaries.get(attributes).record(value);
        }

        @Override
        public void record(long value, Attributes attributes, Context context) {
          record(value, attributes);
        }
      };
    }
  }
}
