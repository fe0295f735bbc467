package dev.llmrouter.core;

/**
 * Runs before every upstream attempt (retries and fallbacks included) with the chosen deployment
 * known: the place to check budgets, rate limits and policy again for each deployment a call may reach.
 *
 * <p>To refuse an attempt, throw an {@link dev.llmrouter.api.error.LlmException}. A refusal says
 * nothing about the deployment's health: no breaker or key is touched, the deployment is not tried
 * again in this call, the call moves on to the next candidate (other deployments, then the fallback
 * chain), and the refusal reaches the caller when nothing else answers.
 */
@FunctionalInterface
public interface AttemptInterceptor {

  void beforeAttempt(AttemptInfo attempt);
}
