package dev.llmrouter.api.spi;

import java.util.List;

/**
 * Counters of fixed time windows for requests- and tokens-per-minute limits. A counter's name holds
 * its window (e.g. {@code rpm:key:vk_1@29617321}), so counters of past windows can be dropped once
 * {@code ttlMillis} passed.
 *
 * <p>{@link #acquire} is atomic over all its holds; a shared implementation does the check and the
 * increment in one server-side step.
 */
public interface RateLimitStore {

  /** An amount to add to one counter, which must stay within {@code limit}. */
  record Hold(String counter, long amount, long limit) {}

  /**
   * Adds every hold or none: each must satisfy {@code count + amount <= limit}.
   *
   * @param ttlMillis how long the counters must be kept
   * @return {@code -1} when all were added, else the index of the first hold that did not fit
   */
  int acquire(List<Hold> holds, long ttlMillis);

  /** Corrects a counter (e.g. estimated tokens by the real count); never below zero. */
  void adjust(String counter, long delta, long ttlMillis);

  /** The current count; 0 for an unknown or expired counter. */
  long count(String counter);
}
