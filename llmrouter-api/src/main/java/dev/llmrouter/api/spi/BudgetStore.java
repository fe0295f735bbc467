package dev.llmrouter.api.spi;

import java.util.List;

/**
 * Spend counters for budgets, in nano-dollars (10<sup>-9</sup> USD, so that sums of long values stay
 * exact). A counter's name already holds its period (e.g. {@code team:eng@2026-11}), so a new period
 * is simply a new counter. Each counter has a settled part (spent) and a reserved part (in flight).
 *
 * <p>Every method is atomic over all the counters it names: an implementation shared by several router
 * instances (Redis) must do the check and the increment in one server-side step (a script or a
 * transaction), never read-modify-write from the client — that race is how other gateways let
 * concurrent calls through a spent budget.
 */
public interface BudgetStore {

  /** One amount to reserve on one counter, and the limit it must stay within ({@code < 0}: no limit). */
  record Hold(String counter, long amountNanos, long limitNanos) {}

  /**
   * Reserves every hold or none, under the name {@code reservation}: each hold with a limit must satisfy
   * {@code spent + reserved + amount <= limit}. A reservation not settled within {@code ttlMillis} (its
   * holder crashed) stops counting, so a lost process cannot shrink a budget for good.
   *
   * @return {@code -1} when all were reserved, else the index of the first hold that did not fit
   */
  int reserve(String reservation, List<Hold> holds, long ttlMillis);

  /**
   * Ends a reservation on each of {@code counters}: removes what it reserved there (nothing when it
   * expired already) and adds {@code spentNanos} to the spent part. {@code spentNanos == 0} releases.
   */
  void settle(String reservation, List<String> counters, long spentNanos);

  /** The settled spend of {@code counter}; 0 for an unknown one. */
  long spent(String counter);

  /** What is reserved on {@code counter} by calls in flight; 0 for an unknown one. */
  long reserved(String counter);

  /** Marks a one-off event (an alert) for {@code marker}; true only for the first caller. */
  boolean markOnce(String marker);
}
