package dev.llmrouter.spring.governance;

import dev.llmrouter.core.governance.BreachAction;
import dev.llmrouter.core.governance.Budget;
import dev.llmrouter.core.governance.BudgetPeriod;
import dev.llmrouter.core.governance.BudgetScope;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * A budget as configuration and the proxy's admin API spell it ({@code scope: team},
 * {@code period: monthly}, {@code on-breach: alert-only}), made into a {@link Budget} with messages
 * that say what is wrong: one spelling for both.
 */
public final class BudgetSpec {
  private BudgetSpec() {}

  /** @throws IllegalArgumentException saying which field is wrong */
  public static Budget toBudget(String name, String scope, String id, String models, BigDecimal limitUsd, String period,
      Double alertAt, String onBreach, String downgradeTo) {
    if (limitUsd == null) {
      throw new IllegalArgumentException("limit-usd is required");
    }
    Budget.Builder builder = Budget.builder(scope(scope, id), limitUsd).period(constant(BudgetPeriod.class, period,
        BudgetPeriod.MONTHLY, "period"));
    if (name != null && !name.isBlank()) {
      builder.name(name);
    }
    if (models != null && !models.isBlank()) {
      builder.models(models);
    }
    if (alertAt != null) {
      builder.alertAt(alertAt);
    }
    BreachAction.Kind kind = constant(BreachAction.Kind.class, onBreach, BreachAction.Kind.BLOCK, "on-breach");
    builder.onBreach(new BreachAction(kind, kind == BreachAction.Kind.DOWNGRADE ? downgradeTo : null));
    return builder.build();
  }

  private static BudgetScope scope(String scope, String id) {
    BudgetScope.Level level = constant(BudgetScope.Level.class, scope, BudgetScope.Level.GLOBAL, "scope");
    if (level == BudgetScope.Level.GLOBAL) {
      return BudgetScope.global();
    }
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("a " + level.name().toLowerCase(Locale.ROOT) + " budget needs an id");
    }
    return new BudgetScope(level, id);
  }

  /** {@code alert-only} → {@code ALERT_ONLY}; the default when blank. */
  public static <E extends Enum<E>> E constant(Class<E> type, String value, E fallback, String what) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    String name = value.strip().replace('-', '_').toUpperCase(Locale.ROOT);
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equals(name)) {
        return constant;
      }
    }
    StringBuilder allowed = new StringBuilder();
    for (E constant : type.getEnumConstants()) {
      allowed.append(allowed.length() == 0 ? "" : ", ").append(spelled(constant));
    }
    throw new IllegalArgumentException(what + " '" + value + "' is not one of " + allowed);
  }

  /** {@code ALERT_ONLY} → {@code alert-only}. */
  public static String spelled(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
