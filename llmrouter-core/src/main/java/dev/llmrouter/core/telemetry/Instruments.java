package dev.llmrouter.core.telemetry;

import io.opentelemetry.api.metrics.DoubleCounter;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;
import java.util.List;

/** The router's metric instruments; names and units follow the GenAI conventions where they define one. */
final class Instruments {
  static final String DURATION = "gen_ai.client.operation.duration";
  static final String TIME_TO_FIRST_CHUNK = "gen_ai.client.operation.time_to_first_chunk";
  static final String TOKEN_USAGE = "gen_ai.client.token.usage";
  static final String REQUESTS = "llmrouter.requests";
  static final String ACTIVE_REQUESTS = "llmrouter.requests.active";
  static final String ERRORS = "llmrouter.errors";
  static final String RETRIES = "llmrouter.retries";
  static final String FALLBACKS = "llmrouter.fallbacks";
  static final String CACHE_HITS = "llmrouter.cache.hits";
  static final String COST = "llmrouter.cost";
  static final String CIRCUIT_TRANSITIONS = "llmrouter.circuit_breaker.transitions";
  static final String KEY_COOLDOWNS = "llmrouter.key.cooldowns";
  static final String KEY_REVOCATIONS = "llmrouter.key.revocations";

  /** The bucket boundaries the GenAI conventions advise, in seconds and in tokens. */
  private static final List<Double> SECONDS = List.of(
      0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92);
  private static final List<Long> TOKENS = List.of(1L, 4L, 16L, 64L, 256L, 1024L, 4096L, 16384L, 65536L,
      262144L, 1048576L, 4194304L, 16777216L, 67108864L);

  final DoubleHistogram duration;
  final DoubleHistogram timeToFirstChunk;
  final LongHistogram tokenUsage;
  final LongCounter requests;
  final LongUpDownCounter activeRequests;
  final LongCounter errors;
  final LongCounter retries;
  final LongCounter fallbacks;
  final LongCounter cacheHits;
  final DoubleCounter cost;
  final LongCounter circuitTransitions;
  final LongCounter keyCooldowns;
  final LongCounter keyRevocations;

  Instruments(Meter meter) {
    duration = meter.histogramBuilder(DURATION).setUnit("s")
        .setDescription("GenAI operation duration: one logical call through the router, retries and fallbacks included")
        .setExplicitBucketBoundariesAdvice(SECONDS).build();
    timeToFirstChunk = meter.histogramBuilder(TIME_TO_FIRST_CHUNK).setUnit("s")
        .setDescription("Time from the start of a streaming call to its first content")
        .setExplicitBucketBoundariesAdvice(SECONDS).build();
    tokenUsage = meter.histogramBuilder(TOKEN_USAGE).ofLongs().setUnit("{token}")
        .setDescription("Input and output tokens used per call, by gen_ai.token.type")
        .setExplicitBucketBoundariesAdvice(TOKENS).build();
    requests = meter.counterBuilder(REQUESTS).setUnit("{request}")
        .setDescription("Calls through the router, by outcome (ok, error, cache_hit)").build();
    activeRequests = meter.upDownCounterBuilder(ACTIVE_REQUESTS).setUnit("{request}")
        .setDescription("Calls in flight, streams until they end").build();
    errors = meter.counterBuilder(ERRORS).setUnit("{error}")
        .setDescription("Failed upstream attempts, by provider and error.type").build();
    retries = meter.counterBuilder(RETRIES).setUnit("{attempt}")
        .setDescription("Failed attempts another attempt followed (next key, next deployment, backoff, fallback)").build();
    fallbacks = meter.counterBuilder(FALLBACKS).setUnit("{fallback}")
        .setDescription("Moves from a model group to its fallback").build();
    cacheHits = meter.counterBuilder(CACHE_HITS).setUnit("{request}")
        .setDescription("Calls answered from the response cache").build();
    cost = meter.counterBuilder(COST).ofDoubles().setUnit("USD")
        .setDescription("Cost of the calls, as the price table reckons it").build();
    circuitTransitions = meter.counterBuilder(CIRCUIT_TRANSITIONS).setUnit("{transition}")
        .setDescription("Circuit breaker state changes, by deployment and from/to state").build();
    keyCooldowns = meter.counterBuilder(KEY_COOLDOWNS).setUnit("{cooldown}")
        .setDescription("Rate-limited keys taken out of rotation for a while").build();
    keyRevocations = meter.counterBuilder(KEY_REVOCATIONS).setUnit("{revocation}")
        .setDescription("Refused keys taken out of rotation").build();
  }
}
