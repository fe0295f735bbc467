package dev.llmrouter.core.governance;

import dev.llmrouter.api.spi.BudgetDefinitionStore;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A spending limit: whose spend ({@link BudgetScope}), optionally only on some models, over which
 * period, how much, when to warn and what to do when it is reached.
 *
 * <pre>{@code
 * Budget.builder(BudgetScope.team("eng"), new BigDecimal("500")).period(BudgetPeriod.MONTHLY)
 *     .alertAt(0.8).onBreach(BreachAction.downgradeTo("cheap")).build();
 * }</pre>
 */
public final class Budget {
  private final String name;
  private final BudgetScope scope;
  private final String modelPattern;
  private final Pattern model;
  private final long limitNanos;
  private final BudgetPeriod period;
  private final double alertAt;
  private final BreachAction onBreach;

  private Budget(Builder b) {
    this.scope = b.scope;
    this.modelPattern = b.modelPattern;
    this.model = b.modelPattern == null ? null : Glob.compile(b.modelPattern);
    this.limitNanos = b.limitNanos;
    this.period = b.period;
    this.alertAt = b.alertAt;
    this.onBreach = b.onBreach;
    this.name = b.name != null ? b.name
        : scope + (modelPattern == null ? "" : " model " + modelPattern) + " " + period.name().toLowerCase(java.util.Locale.ROOT);
  }

  /** A budget of {@code limitUsd} US dollars for {@code scope}; monthly, blocking, alert at 80% unless set. */
  public static Builder builder(BudgetScope scope, BigDecimal limitUsd) {
    return new Builder(scope, limitUsd);
  }

  /** The name shown in errors, alerts and counters, e.g. {@code team:eng monthly}. */
  public String name() {
    return name;
  }

  public BudgetScope scope() {
    return scope;
  }

  /** The models it counts ({@code *} wildcards), or {@code null} for all. */
  public String modelPattern() {
    return modelPattern;
  }

  public long limitNanos() {
    return limitNanos;
  }

  public BigDecimal limitUsd() {
    return BigDecimal.valueOf(limitNanos, 9).stripTrailingZeros();
  }

  public BudgetPeriod period() {
    return period;
  }

  /** The share of the limit at which the listener is told, once per period; 0 for never. */
  public double alertAt() {
    return alertAt;
  }

  public BreachAction onBreach() {
    return onBreach;
  }

  boolean applies(Principal principal, String upstreamModel, String requestedModel) {
    return scope.covers(principal) && (model == null
        || (upstreamModel != null && model.matcher(upstreamModel).matches())
        || (requestedModel != null && model.matcher(requestedModel).matches()));
  }

  /** This budget as a {@link BudgetDefinitionStore} keeps it. */
  BudgetDefinitionStore.Definition toDefinition() {
    return new BudgetDefinitionStore.Definition(name, scope.level().name(), scope.id(), modelPattern, limitNanos,
        period.name(), alertAt, onBreach.kind().name(), onBreach.downgradeTo());
  }

  /**
   * The budget a store kept.
   *
   * @throws IllegalArgumentException when the definition does not make a valid budget
   */
  static Budget fromDefinition(BudgetDefinitionStore.Definition d) {
    BreachAction.Kind kind = BreachAction.Kind.valueOf(d.onBreach());
    Builder builder = builder(new BudgetScope(BudgetScope.Level.valueOf(d.scopeLevel()), d.scopeId()),
        BigDecimal.valueOf(d.limitNanos(), 9))
        .name(d.name()).period(BudgetPeriod.valueOf(d.period())).alertAt(d.alertAt())
        .onBreach(new BreachAction(kind, d.downgradeTo()));
    if (d.models() != null) {
      builder.models(d.models());
    }
    return builder.build();
  }

  @Override
  public String toString() {
    return "Budget{" + name + ", " + Cost.format(limitNanos) + ", " + onBreach.kind() + "}";
  }

  public static final class Builder {
    private final BudgetScope scope;
    private final long limitNanos;
    private String name;
    private String modelPattern;
    private BudgetPeriod period = BudgetPeriod.MONTHLY;
    private double alertAt = 0.8;
    private BreachAction onBreach = BreachAction.block();

    private Builder(BudgetScope scope, BigDecimal limitUsd) {
      this.scope = Objects.requireNonNull(scope, "scope");
      Objects.requireNonNull(limitUsd, "limitUsd");
      if (limitUsd.signum() < 0) {
        throw new IllegalArgumentException("a budget limit must not be negative: " + limitUsd);
      }
      this.limitNanos = limitUsd.movePointRight(9).longValueExact();
    }

    /** A name of your own, instead of one made of the scope, models and period. */
    public Builder name(String value) {
      this.name = value;
      return this;
    }

    /** Counts only calls whose upstream (or requested) model matches {@code pattern} ({@code *} wildcards). */
    public Builder models(String pattern) {
      this.modelPattern = pattern;
      return this;
    }

    public Builder period(BudgetPeriod value) {
      this.period = Objects.requireNonNull(value, "period");
      return this;
    }

    /** Tells the listener once per period when spend reaches {@code share} of the limit (0 < share <= 1; 0 for never). */
    public Builder alertAt(double share) {
      if (!(share >= 0 && share <= 1)) {
        throw new IllegalArgumentException("alertAt must be between 0 and 1: " + share);
      }
      this.alertAt = share;
      return this;
    }

    public Builder onBreach(BreachAction value) {
      this.onBreach = Objects.requireNonNull(value, "onBreach");
      return this;
    }

    public Budget build() {
      return new Budget(this);
    }
  }
}
