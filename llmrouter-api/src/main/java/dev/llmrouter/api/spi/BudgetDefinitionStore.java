package dev.llmrouter.api.spi;

import java.util.List;
import java.util.Objects;

/**
 * Where budgets set at run time (e.g. through the proxy's admin API) are kept, so that every router
 * instance sharing the store applies them and a restart keeps them. Budgets from code or configuration
 * need no store; a stored budget with the same name replaces one of those.
 */
public interface BudgetDefinitionStore {

  /**
   * A budget as stored.
   *
   * @param name the budget's name, unique in the store
   * @param scopeLevel {@code GLOBAL}, {@code ORGANIZATION}, {@code TEAM}, {@code PROJECT}, {@code USER} or {@code KEY}
   * @param scopeId the organisation, team, project, user or key id ({@code *} for global)
   * @param models the model pattern it counts ({@code *} wildcards), or {@code null} for all
   * @param limitNanos the limit in nano-dollars
   * @param period {@code DAILY}, {@code WEEKLY}, {@code MONTHLY} or {@code LIFETIME}
   * @param alertAt the share of the limit at which listeners hear of it, 0 for never
   * @param onBreach {@code BLOCK}, {@code ALERT_ONLY} or {@code DOWNGRADE}
   * @param downgradeTo the model to downgrade to, for {@code DOWNGRADE}
   */
  record Definition(String name, String scopeLevel, String scopeId, String models, long limitNanos, String period,
      double alertAt, String onBreach, String downgradeTo) {
    public Definition {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(scopeLevel, "scopeLevel");
      Objects.requireNonNull(scopeId, "scopeId");
      Objects.requireNonNull(period, "period");
      Objects.requireNonNull(onBreach, "onBreach");
    }
  }

  /** Adds or replaces the budget of the same name. */
  void saveBudget(Definition budget);

  /** Removes the budget of that name; false when there was none. */
  boolean deleteBudget(String name);

  /** Every stored budget, in name order. */
  List<Definition> listBudgets();
}
