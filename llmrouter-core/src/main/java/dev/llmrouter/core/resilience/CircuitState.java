package dev.llmrouter.core.resilience;

/** The state of one deployment's circuit breaker. */
public enum CircuitState {
  /** Calls flow; failures are counted. */
  CLOSED,
  /** Too many failures: selection skips the deployment until the breaker's delay has passed. */
  OPEN,
  /** The delay passed: a trial call decides whether the breaker closes or opens again. */
  HALF_OPEN
}
