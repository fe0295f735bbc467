package dev.llmrouter.core.governance;

/**
 * Hears about spend and budgets. Methods have no-op defaults; implementations must be quick and
 * thread-safe; an exception thrown here is logged and ignored.
 */
public interface GovernanceListener {

  /** A governed call ended; the row to persist in a spend ledger. */
  default void spend(SpendRecord record) {}

  /** A budget's spend reached its alert threshold; once per budget and period. */
  default void budgetAlert(Budget budget, String period, long spentNanos) {}

  /** A budget's spend reached its limit (or a call was refused by it); once per budget and period. */
  default void budgetExceeded(Budget budget, String period, long spentNanos) {}

  /** A call ran on a model without a price: it was costed zero. Once per model. */
  default void unpricedModel(String provider, String model) {}
}
