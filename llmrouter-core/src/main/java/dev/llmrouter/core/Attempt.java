package dev.llmrouter.core;

import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.Usage;
import dev.llmrouter.api.spi.CallOptions;
import dev.llmrouter.api.spi.ProviderAdapter;
import dev.llmrouter.api.stream.StreamEvent;
import dev.llmrouter.core.resilience.ErrorClassifier;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One upstream attempt in progress: what to call, and the bookkeeping that must happen exactly once
 * when it ends — in-flight count, token usage, latency, the listeners' end event — whether it ends in
 * the executor (failure before the answer started, whole answers) or later in a stream wrapper.
 */
final class Attempt {
  final AttemptInfo info;
  final ProviderAdapter adapter;
  final CallOptions options;
  private final DeploymentHealth health;
  private final CallExecutor executor;
  private final long startNanos;
  private final long estimatedTokens;
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile boolean committed;

  Attempt(AttemptInfo info, ProviderAdapter adapter, CallOptions options, DeploymentHealth health,
      CallExecutor executor, long estimatedTokens) {
    this.info = info;
    this.adapter = adapter;
    this.options = options;
    this.health = health;
    this.executor = executor;
    this.startNanos = executor.clock().nanoTime();
    this.estimatedTokens = estimatedTokens;
    health.attemptStarted(estimatedTokens);
  }

  /** The canonical request for this deployment; for passthrough, decoded from the client's body on first call. */
  ChatRequest request() {
    return info.request();
  }

  String provider() {
    return info.provider();
  }

  RouterClock clock() {
    return executor.clock();
  }

  Duration streamIdleTimeout() {
    return executor.retry().streamIdleTimeout();
  }

  /** The time this attempt may take (until a stream's first content), or {@code null} for no limit. */
  Duration timeout() {
    return options.timeout();
  }

  /**
   * The answer started reaching the caller: from now on nothing is retried. Records the time to first
   * token for streams, the whole duration for whole answers.
   */
  void commit(boolean streamed) {
    committed = true;
    long elapsed = executor.clock().nanoTime() - startNanos;
    if (streamed) {
      health.recordTimeToFirstToken(elapsed);
      executor.listeners().firstToken(info, Duration.ofNanos(elapsed));
    } else {
      health.recordLatency(elapsed);
    }
  }

  /** The whole answer, for telemetry (response model, finish reason). */
  void responded(ChatResponse answer) {
    executor.telemetry().responded(info, answer);
  }

  /** A canonical stream event, for telemetry (response model, finish reason). */
  void streamed(StreamEvent event) {
    executor.telemetry().streamed(info, event);
  }

  boolean committed() {
    return committed;
  }

  /** The answer was delivered in full, or the caller stopped reading it. */
  void complete(Usage usage) {
    if (end(usage)) {
      executor.listeners().callEnd(info.call(), info, usage);
    }
  }

  /** The caller closed the stream before its end (through the proxy: the client went away). */
  void closedByCaller(Usage delivered) {
    if (!ended.get()) {
      executor.telemetry().closedByCaller(info);
    }
    complete(delivered);
  }

  /** The answer broke after it started; the caller got the error in-band. */
  void failAfterCommit(LlmException error, Usage usageSoFar) {
    if (end(usageSoFar)) {
      if (executor.classifier().classify(error) == ErrorClassifier.Verdict.RETRYABLE) {
        health.recordFailure();
      }
      executor.listeners().attemptFailed(info, error, false);
      executor.listeners().callFailed(info.call(), error, usageSoFar);
    }
  }

  /**
   * The attempt failed before its answer started; the executor decides what follows.
   *
   * @return whether it was still open: {@code false} when it had already ended and reported the call's end
   */
  boolean abandon() {
    return end(null);
  }

  private boolean end(Usage usage) {
    if (!ended.compareAndSet(false, true)) {
      return false;
    }
    long used = usage == null ? 0 : usage.totalTokens();
    health.attemptEnded(used - estimatedTokens);
    return true;
  }
}
