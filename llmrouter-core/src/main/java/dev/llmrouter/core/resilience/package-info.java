/**
 * Resilience settings: {@link dev.llmrouter.core.resilience.RetryConfig} (passes, backoff, timeouts),
 * {@link dev.llmrouter.core.resilience.CircuitBreakerConfig} (per deployment),
 * {@link dev.llmrouter.core.resilience.FallbackChain} (per model group) and
 * {@link dev.llmrouter.core.resilience.ErrorClassifier} (what a failure means). The router executes
 * them with Failsafe; no Failsafe type appears in this API.
 */
package dev.llmrouter.core.resilience;
