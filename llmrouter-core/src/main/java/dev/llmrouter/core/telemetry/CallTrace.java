package dev.llmrouter.core.telemetry;

import dev.llmrouter.api.model.StopReason;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What telemetry keeps about one call between its events. Holds no reference to the call's
 * {@code CallInfo}: the router's table of traces is keyed weakly on it, so a stream the caller
 * dropped without closing takes its trace with it.
 */
final class CallTrace {
  final String requestId;
  /** {@code gen_ai.operation.name}: {@code chat}, or the router's own {@code count_tokens}. */
  final String operation;
  final String model;
  final boolean stream;
  final String clientFormat;
  final Span span;
  final Context context;
  final long startNanos;
  final Map<Integer, AttemptTrace> attempts = new ConcurrentHashMap<>();
  volatile boolean started;
  volatile boolean cacheHit;
  volatile int attemptCount;
  volatile int retries;
  volatile int fallbacks;
  /** The error type of the last failed attempt: why the next one happens. */
  volatile String lastFailure;
  volatile Double timeToFirstChunk;
  volatile Double cost;
  volatile String virtualKeyId;
  volatile String budgetState;
  /** A stream the caller closed before its end. */
  volatile boolean closedByCaller;

  CallTrace(String requestId, String operation, String model, boolean stream, String clientFormat, Span span, Context context,
      long startNanos) {
    this.requestId = requestId;
    this.operation = operation;
    this.model = model;
    this.stream = stream;
    this.clientFormat = clientFormat;
    this.span = span;
    this.context = context;
    this.startNanos = startNanos;
  }

  /** One upstream attempt of the call. */
  static final class AttemptTrace {
    final Span span;
    final Context context;
    final String provider;
    final String system;
    final String upstreamModel;
    final String deployment;
    volatile String responseModel;
    volatile String responseId;
    volatile StopReason stopReason;

    AttemptTrace(Span span, Context context, String provider, String system, String upstreamModel) {
      this.span = span;
      this.context = context;
      this.provider = provider;
      this.system = system;
      this.upstreamModel = upstreamModel;
      this.deployment = provider + "/" + upstreamModel;
    }
  }
}
