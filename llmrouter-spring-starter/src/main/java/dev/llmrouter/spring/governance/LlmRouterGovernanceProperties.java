package dev.llmrouter.spring.governance;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Governance under {@code llmrouter.governance.*}: virtual keys, budgets, policy, rate limits, prices,
 * and where their state is kept.
 *
 * <pre>{@code
 * llmrouter:
 *   governance:
 *     enabled: true
 *     store: {type: redis, redis-url: "redis://127.0.0.1:6379"}
 *     ledger: {jdbc-url: "jdbc:h2:file:./llmrouter-data/governance"}
 *     budgets:
 *       - {name: eng-monthly, scope: team, id: eng, limit-usd: 500, period: monthly, alert-at: 0.8}
 *       - {name: opus-daily, scope: global, models: "claude-opus-*", limit-usd: 50, period: daily,
 *          on-breach: downgrade, downgrade-to: claude-sonnet-4-6}
 *     policy: {deny-tools: ["^shell\\.exec$"], max-tokens: 16000}
 *     rate-limits:
 *       - {group: smart, rpm: 600, tpm: 2000000}
 * }</pre>
 */
@ConfigurationProperties(LlmRouterGovernanceProperties.PREFIX)
public class LlmRouterGovernanceProperties {
  public static final String PREFIX = "llmrouter.governance";

  /** Whether every call goes through governance (virtual keys, budgets, rate limits, cost, policy). */
  private boolean enabled = false;

  /**
   * Whether a call must carry a virtual key. In the proxy, a caller presenting a proxy key (the master key
   * or llmrouter.proxy.api-keys) is let in as anonymous: global budgets, policy and limits still apply.
   */
  private boolean requireKey = true;

  /** The time zone budget periods (days, ISO weeks from Monday, months) are aligned to. */
  private String timeZone = "UTC";

  /** The output tokens reserved for a call that sets no max_tokens. */
  private int defaultMaxTokens = 4096;

  /** Where keys, budget counters, budgets set at run time and rate-limit counters live. */
  private Store store = new Store();

  /** The spend ledger: one row per call, in a JDBC database. */
  private Ledger ledger = new Ledger();

  /** Budgets from configuration; the admin API can add more or replace these by name. */
  private List<BudgetEntry> budgets = new ArrayList<>();

  /** Rules every call must follow. */
  private PolicyEntry policy = new PolicyEntry();

  /** Requests- and tokens-per-minute limits on deployments (provider/model) and model groups. */
  private List<RateLimitEntry> rateLimits = new ArrayList<>();

  /** Prices added to or replacing the bundled table, in USD per million tokens. */
  private List<PriceEntry> prices = new ArrayList<>();

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public boolean isRequireKey() {
    return requireKey;
  }

  public void setRequireKey(boolean requireKey) {
    this.requireKey = requireKey;
  }

  public String getTimeZone() {
    return timeZone;
  }

  public void setTimeZone(String timeZone) {
    this.timeZone = timeZone;
  }

  public int getDefaultMaxTokens() {
    return defaultMaxTokens;
  }

  public void setDefaultMaxTokens(int defaultMaxTokens) {
    this.defaultMaxTokens = defaultMaxTokens;
  }

  public Store getStore() {
    return store;
  }

  public void setStore(Store store) {
    this.store = store;
  }

  public Ledger getLedger() {
    return ledger;
  }

  public void setLedger(Ledger ledger) {
    this.ledger = ledger;
  }

  public List<BudgetEntry> getBudgets() {
    return budgets;
  }

  public void setBudgets(List<BudgetEntry> budgets) {
    this.budgets = budgets;
  }

  public PolicyEntry getPolicy() {
    return policy;
  }

  public void setPolicy(PolicyEntry policy) {
    this.policy = policy;
  }

  public List<RateLimitEntry> getRateLimits() {
    return rateLimits;
  }

  public void setRateLimits(List<RateLimitEntry> rateLimits) {
    this.rateLimits = rateLimits;
  }

  public List<PriceEntry> getPrices() {
    return prices;
  }

  public void setPrices(List<PriceEntry> prices) {
    this.prices = prices;
  }

  /** Where governance state lives. */
  public static class Store {
    /**
     * memory (this process only, lost on restart), jdbc (keys and budgets in the ledger's database;
     * budget counters rebuilt from the ledger on start; one instance) or redis (shared by every instance
     * on the same server and prefix, kept across restarts).
     */
    private String type = "memory";

    /** The Redis server for type redis, e.g. redis://127.0.0.1:6379. */
    private String redisUrl = "redis://127.0.0.1:6379";

    /** Put before every Redis key, so that several deployments can share a server. */
    private String prefix = "llmrouter:";

    public String getType() {
      return type;
    }

    public void setType(String type) {
      this.type = type;
    }

    public String getRedisUrl() {
      return redisUrl;
    }

    public void setRedisUrl(String redisUrl) {
      this.redisUrl = redisUrl;
    }

    public String getPrefix() {
      return prefix;
    }

    public void setPrefix(String prefix) {
      this.prefix = prefix;
    }
  }

  /** The spend ledger's database. */
  public static class Ledger {
    /** JDBC URL of the ledger's database (its driver must be on the classpath); none: no ledger. */
    private String jdbcUrl;

    /** The database user, if it needs one. */
    private String username;

    /** The database password, if it needs one. */
    private String password;

    public String getJdbcUrl() {
      return jdbcUrl;
    }

    public void setJdbcUrl(String jdbcUrl) {
      this.jdbcUrl = jdbcUrl;
    }

    public String getUsername() {
      return username;
    }

    public void setUsername(String username) {
      this.username = username;
    }

    public String getPassword() {
      return password;
    }

    public void setPassword(String password) {
      this.password = password;
    }

    /** Never the password. */
    @Override
    public String toString() {
      return "Ledger{" + (jdbcUrl == null ? "none" : "jdbc") + "}";
    }
  }

  /** One budget. */
  public static class BudgetEntry {
    /** The name errors, alerts, counters and the admin API use; made of scope, models and period when not set. */
    private String name;

    /** Whose spend: global, organization, team, project, user or key. */
    private String scope = "global";

    /** The organisation, team, project, user or key id (not for global). */
    private String id;

    /** Only calls to models matching this pattern (* wildcards) count; all when not set. */
    private String models;

    /** The limit in US dollars. */
    private BigDecimal limitUsd;

    /** daily, weekly, monthly or lifetime. */
    private String period = "monthly";

    /** The share of the limit at which listeners hear of it once per period; 0 for never. */
    private double alertAt = 0.8;

    /** block (429 naming the budget), alert-only, or downgrade (to downgrade-to). */
    private String onBreach = "block";

    /** The cheaper model (group, alias or provider/model) for on-breach downgrade. */
    private String downgradeTo;

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }

    public String getScope() {
      return scope;
    }

    public void setScope(String scope) {
      this.scope = scope;
    }

    public String getId() {
      return id;
    }

    public void setId(String id) {
      this.id = id;
    }

    public String getModels() {
      return models;
    }

    public void setModels(String models) {
      this.models = models;
    }

    public BigDecimal getLimitUsd() {
      return limitUsd;
    }

    public void setLimitUsd(BigDecimal limitUsd) {
      this.limitUsd = limitUsd;
    }

    public String getPeriod() {
      return period;
    }

    public void setPeriod(String period) {
      this.period = period;
    }

    public double getAlertAt() {
      return alertAt;
    }

    public void setAlertAt(double alertAt) {
      this.alertAt = alertAt;
    }

    public String getOnBreach() {
      return onBreach;
    }

    public void setOnBreach(String onBreach) {
      this.onBreach = onBreach;
    }

    public String getDowngradeTo() {
      return downgradeTo;
    }

    public void setDowngradeTo(String downgradeTo) {
      this.downgradeTo = downgradeTo;
    }
  }

  /** Policy rules. */
  public static class PolicyEntry {
    /** Tool names refused, as regular expressions searched in the name (e.g. ^shell\.exec$). */
    private List<String> denyTools = new ArrayList<>();

    /** Models refused (* wildcards), checked on the model asked for and the one that would run. */
    private List<String> denyModels = new ArrayList<>();

    /** When set, the only models allowed (* wildcards). */
    private List<String> allowModels = new ArrayList<>();

    /** The largest max_tokens a call may ask for; a larger or missing one is lowered to it (passthrough bodies too). */
    private Integer maxTokens;

    public List<String> getDenyTools() {
      return denyTools;
    }

    public void setDenyTools(List<String> denyTools) {
      this.denyTools = denyTools;
    }

    public List<String> getDenyModels() {
      return denyModels;
    }

    public void setDenyModels(List<String> denyModels) {
      this.denyModels = denyModels;
    }

    public List<String> getAllowModels() {
      return allowModels;
    }

    public void setAllowModels(List<String> allowModels) {
      this.allowModels = allowModels;
    }

    public Integer getMaxTokens() {
      return maxTokens;
    }

    public void setMaxTokens(Integer maxTokens) {
      this.maxTokens = maxTokens;
    }
  }

  /** A rate limit on one deployment or one group. */
  public static class RateLimitEntry {
    /** The deployment, as provider/model (e.g. openai/gpt-5.4); or set group. */
    private String deployment;

    /** The model group. */
    private String group;

    /** Requests per minute (fixed one-minute windows); 0 for none. */
    private long rpm;

    /** Tokens per minute (estimated input + max_tokens, settled to real usage); 0 for none. */
    private long tpm;

    public String getDeployment() {
      return deployment;
    }

    public void setDeployment(String deployment) {
      this.deployment = deployment;
    }

    public String getGroup() {
      return group;
    }

    public void setGroup(String group) {
      this.group = group;
    }

    public long getRpm() {
      return rpm;
    }

    public void setRpm(long rpm) {
      this.rpm = rpm;
    }

    public long getTpm() {
      return tpm;
    }

    public void setTpm(long tpm) {
      this.tpm = tpm;
    }
  }

  /** The price of one model, in USD per million tokens. */
  public static class PriceEntry {
    /** The model name as the upstream knows it (provider/model for one provider only). */
    private String model;

    /** Uncached input. */
    private double input;

    /** Output. */
    private double output;

    /** Input read from the prompt cache; the input price when not set. */
    private Double cacheRead;

    /** Input written to the prompt cache; the input price when not set. */
    private Double cacheWrite;

    /** Reasoning tokens; the output price when not set. */
    private Double reasoning;

    public String getModel() {
      return model;
    }

    public void setModel(String model) {
      this.model = model;
    }

    public double getInput() {
      return input;
    }

    public void setInput(double input) {
      this.input = input;
    }

    public double getOutput() {
      return output;
    }

    public void setOutput(double output) {
      this.output = output;
    }

    public Double getCacheRead() {
      return cacheRead;
    }

    public void setCacheRead(Double cacheRead) {
      this.cacheRead = cacheRead;
    }

    public Double getCacheWrite() {
      return cacheWrite;
    }

    public void setCacheWrite(Double cacheWrite) {
      this.cacheWrite = cacheWrite;
    }

    public Double getReasoning() {
      return reasoning;
    }

    public void setReasoning(Double reasoning) {
      this.reasoning = reasoning;
    }
  }
}
