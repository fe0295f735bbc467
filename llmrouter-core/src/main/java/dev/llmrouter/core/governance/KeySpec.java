package dev.llmrouter.core.governance;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What a virtual key to mint may do and who it belongs to. */
public final class KeySpec {
  final String organization;
  final String team;
  final String project;
  final String user;
  final List<String> allowedModels;
  final Instant expiresAt;
  final BigDecimal budgetUsd;
  final BudgetPeriod budgetPeriod;
  final long rpm;
  final long tpm;

  private KeySpec(Builder b) {
    this.organization = b.organization;
    this.team = b.team;
    this.project = b.project;
    this.user = b.user;
    this.allowedModels = List.copyOf(b.allowedModels);
    this.expiresAt = b.expiresAt;
    this.budgetUsd = b.budgetUsd;
    this.budgetPeriod = b.budgetPeriod;
    this.rpm = b.rpm;
    this.tpm = b.tpm;
  }

  public static Builder builder() {
    return new Builder();
  }

  public static final class Builder {
    private String organization;
    private String team;
    private String project;
    private String user;
    private final List<String> allowedModels = new ArrayList<>();
    private Instant expiresAt;
    private BigDecimal budgetUsd;
    private BudgetPeriod budgetPeriod = BudgetPeriod.MONTHLY;
    private long rpm;
    private long tpm;

    private Builder() {}

    public Builder organization(String value) {
      this.organization = value;
      return this;
    }

    public Builder team(String value) {
      this.team = value;
      return this;
    }

    public Builder project(String value) {
      this.project = value;
      return this;
    }

    public Builder user(String value) {
      this.user = value;
      return this;
    }

    /** A model name the key may ask for ({@code *} wildcards); without any, every model. */
    public Builder allowModel(String pattern) {
      allowedModels.add(Objects.requireNonNull(pattern, "pattern"));
      return this;
    }

    public Builder expiresAt(Instant value) {
      this.expiresAt = value;
      return this;
    }

    /** The key's own budget, blocking when spent. */
    public Builder budget(BigDecimal usd, BudgetPeriod period) {
      if (usd.signum() < 0) {
        throw new IllegalArgumentException("a budget must not be negative: " + usd);
      }
      this.budgetUsd = usd;
      this.budgetPeriod = Objects.requireNonNull(period, "period");
      return this;
    }

    public Builder rpm(long value) {
      this.rpm = requireNonNegative(value, "rpm");
      return this;
    }

    public Builder tpm(long value) {
      this.tpm = requireNonNegative(value, "tpm");
      return this;
    }

    private static long requireNonNegative(long value, String name) {
      if (value < 0) {
        throw new IllegalArgumentException(name + " must not be negative: " + value);
      }
      return value;
    }

    public KeySpec build() {
      return new KeySpec(this);
    }
  }
}
