package dev.llmrouter.core;

import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.model.Usage;
import dev.llmrouter.core.resilience.CircuitState;
import java.time.Duration;

/**
 * Observes calls, attempts, fallbacks, keys and circuit breakers, for metrics, spans and logs. Every
 * method has a no-op default; implement those you need.
 *
 * <p>A call produces, in order: {@code callStart}, then either {@code cacheHit} or one or more attempts
 * ({@code attemptStart}, then {@code attemptFailed} or, for streams, {@code firstToken}), with
 * {@code fallback} between attempts of different groups; then {@code callEnd} or {@code callFailed}.
 * For streams {@code callEnd}/{@code callFailed} come when the stream ends or is closed.
 *
 * <p>Implementations must be fast and thread-safe and must not call the router. An exception thrown
 * by a listener is logged and ignored: it never reaches the call.
 */
public interface RouterListener {
  /** Listens to nothing. */
  RouterListener NONE = new RouterListener() {};

  default void callStart(CallInfo call) {}

  /** The answer came from the response cache; no attempt follows. */
  default void cacheHit(CallInfo call) {}

  default void attemptStart(AttemptInfo attempt) {}

  /**
   * A stream's first content arrived and the attempt is committed: no retry or fallback can follow.
   *
   * @param sinceAttemptStart the time to first token
   */
  default void firstToken(AttemptInfo attempt, Duration sinceAttemptStart) {}

  /**
   * An attempt failed (or was refused by an {@link AttemptInterceptor}).
   *
   * @param willRetry whether the call goes on with another attempt
   */
  default void attemptFailed(AttemptInfo attempt, LlmException cause, boolean willRetry) {}

  /** The call leaves model group {@code fromGroup} for {@code toGroup} because of {@code cause}. */
  default void fallback(CallInfo call, String fromGroup, String toGroup, LlmException cause) {}

  /** A rate-limited key leaves the rotation of {@code provider} for {@code cooldown}. */
  default void keyCooledDown(String provider, String keyFingerprint, Duration cooldown) {}

  /** A refused key leaves the rotation of {@code provider} until reinstated. */
  default void keyRevoked(String provider, String keyFingerprint, LlmException cause) {}

  /** The circuit breaker of a deployment changed state. */
  default void circuitStateChanged(String provider, String upstreamModel, CircuitState from, CircuitState to) {}

  /**
   * The call succeeded (for a stream: it ended normally or the caller closed it).
   *
   * @param servedBy the attempt that answered, or {@code null} for a cache hit
   * @param usage the usage reported by the upstream ({@link Usage#ZERO} when unknown, as for passthrough)
   */
  default void callEnd(CallInfo call, AttemptInfo servedBy, Usage usage) {}

  /**
   * The call failed: before its answer started, or (streams) after, with the error sent in-band. A
   * defect that escapes the call (a {@code RuntimeException} or {@code Error} of an adapter, an
   * interceptor or a strategy) arrives as a 500 {@code UpstreamServerException} whose cause is the
   * defect, while the caller gets the defect itself.
   *
   * @param usageSoFar what the upstream reported before the failure
   */
  default void callFailed(CallInfo call, LlmException error, Usage usageSoFar) {}
}
