package dev.llmrouter.core.governance;

import java.util.Objects;

/**
 * What happens when a call would take a budget past its limit.
 *
 * @param kind block, alert only, or downgrade
 * @param downgradeTo the cheaper model (group, alias or {@code provider/model}) for {@link Kind#DOWNGRADE}
 */
public record BreachAction(Kind kind, String downgradeTo) {
  public enum Kind {
    /** Refuse the call with 429 naming the budget and when it resets. */
    BLOCK,
    /** Let the call through; the listener hears of the breach once per period. */
    ALERT_ONLY,
    /** Serve the call with a cheaper model instead. */
    DOWNGRADE
  }

  public BreachAction {
    Objects.requireNonNull(kind, "kind");
    if (kind == Kind.DOWNGRADE && (downgradeTo == null || downgradeTo.isBlank())) {
      throw new IllegalArgumentException("a downgrade needs the model to downgrade to");
    }
  }

  public static BreachAction block() {
    return new BreachAction(Kind.BLOCK, null);
  }

  public static BreachAction alertOnly() {
    return new BreachAction(Kind.ALERT_ONLY, null);
  }

  public static BreachAction downgradeTo(String model) {
    return new BreachAction(Kind.DOWNGRADE, model);
  }
}
