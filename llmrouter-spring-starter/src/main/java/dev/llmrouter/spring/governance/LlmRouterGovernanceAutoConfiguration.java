package dev.llmrouter.spring.governance;

import dev.llmrouter.api.Secret;
import dev.llmrouter.core.governance.Governance;
import dev.llmrouter.core.governance.GovernanceListener;
import dev.llmrouter.core.governance.JdbcGovernanceStore;
import dev.llmrouter.core.governance.JdbcSpendLedger;
import dev.llmrouter.core.governance.ModelPrice;
import dev.llmrouter.core.governance.Policy;
import dev.llmrouter.core.governance.PriceTable;
import dev.llmrouter.core.governance.RateLimit;
import dev.llmrouter.spring.autoconfigure.LlmRouterAutoConfiguration;
import dev.llmrouter.spring.proxy.LlmRouterProxyProperties;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Governance from {@code llmrouter.governance.*} when {@code llmrouter.governance.enabled=true}: the
 * router bean of {@link LlmRouterAutoConfiguration} then governs every call, and the proxy serves the
 * admin API ({@code LlmRouterProxyAutoConfiguration}). The proxy's own keys (master key, {@code llmrouter.proxy.api-keys}) are trusted as
 * {@code proxy:master} and {@code proxy:key-N}, so that they keep working beside virtual keys.
 */
@AutoConfiguration(before = LlmRouterAutoConfiguration.class)
@ConditionalOnClass(Governance.class)
@ConditionalOnProperty(prefix = LlmRouterGovernanceProperties.PREFIX, name = "enabled", havingValue = "true")
@EnableConfigurationProperties({LlmRouterGovernanceProperties.class, LlmRouterProxyProperties.class})
public class LlmRouterGovernanceAutoConfiguration {
  private static final Logger LOG = LoggerFactory.getLogger(LlmRouterGovernanceAutoConfiguration.class);

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public LlmRouterGovernance llmRouterGovernance(LlmRouterGovernanceProperties properties,
      LlmRouterProxyProperties proxy, Environment environment, ObjectProvider<GovernanceListener> listeners) {
    Governance.Builder builder = Governance.builder().requireKey(properties.isRequireKey())
        .zone(ZoneId.of(properties.getTimeZone())).defaultMaxTokens(properties.getDefaultMaxTokens())
        .prices(prices(properties.getPrices())).policy(policy(properties.getPolicy()));
    for (int i = 0; i < properties.getBudgets().size(); i++) {
      LlmRouterGovernanceProperties.BudgetEntry b = properties.getBudgets().get(i);
      try {
        builder.budget(BudgetSpec.toBudget(b.getName(), b.getScope(), b.getId(), b.getModels(), b.getLimitUsd(),
            b.getPeriod(), b.getAlertAt(), b.getOnBreach(), b.getDowngradeTo()));
      } catch (IllegalArgumentException invalid) {
        throw new IllegalArgumentException(LlmRouterGovernanceProperties.PREFIX + ".budgets[" + i + "]: "
            + invalid.getMessage(), invalid);
      }
    }
    for (LlmRouterGovernanceProperties.RateLimitEntry limit : properties.getRateLimits()) {
      builder.rateLimit(rateLimit(limit));
    }
    listeners.orderedStream().forEach(builder::addListener);

    LlmRouterGovernanceProperties.Ledger ledgerSettings = properties.getLedger();
    DataSource database = ledgerSettings.getJdbcUrl() == null || ledgerSettings.getJdbcUrl().isBlank() ? null
        : new UrlDataSource(ledgerSettings.getJdbcUrl(), ledgerSettings.getUsername(), ledgerSettings.getPassword());
    JdbcSpendLedger ledger = database == null ? null : new JdbcSpendLedger(database).createTableIfMissing();
    if (ledger != null) {
      builder.addListener(ledger);
    }
    String storeType = properties.getStore().getType().strip().toLowerCase(Locale.ROOT);
    AutoCloseable resources = null;
    switch (storeType) {
      case "memory":
        break;
      case "jdbc":
        if (database == null) {
          throw new IllegalArgumentException(LlmRouterGovernanceProperties.PREFIX
              + ".store.type=jdbc keeps keys and budgets in the ledger's database: set "
              + LlmRouterGovernanceProperties.PREFIX + ".ledger.jdbc-url");
        }
        JdbcGovernanceStore store = new JdbcGovernanceStore(database).createTablesIfMissing();
        builder.keyStore(store).budgetDefinitionStore(store);
        break;
      case "redis":
        // checked before RedisStores is loaded: its Jedis types would fail it with NoClassDefFoundError
        if (!ClassUtils.isPresent("dev.llmrouter.store.redis.RedisBudgetStore", getClass().getClassLoader())) {
          throw new IllegalStateException(LlmRouterGovernanceProperties.PREFIX
              + ".store.type=redis needs dev.llmrouter:llmrouter-store-redis on the classpath");
        }
        resources = RedisStores.apply(builder, properties.getStore());
        break;
      default:
        throw new IllegalArgumentException(LlmRouterGovernanceProperties.PREFIX + ".store.type '" + storeType
            + "' is not one of memory, jdbc, redis");
    }
    Governance governance = builder.build();
    if (ledger != null && !storeType.equals("redis")) {
      // budget counters live in this process: rebuild the current periods' spend from the ledger
      governance.restoreSpend(ledger);
    }
    trustProxyKeys(governance, proxy, environment);
    LOG.info("llmrouter governance: store {}, {} budget(s), ledger {}, keys required: {}", storeType,
        governance.budgets().size(), ledger == null ? "none" : "jdbc", properties.isRequireKey());
    if (storeType.equals("memory")) {
      LOG.warn("llmrouter governance keeps virtual keys and budgets set at run time in memory: they are lost on "
          + "restart (llmrouter.governance.store.type=jdbc or redis keeps them)");
    }
    return new LlmRouterGovernance(governance, ledger, storeType, resources);
  }

  @Bean
  @ConditionalOnMissingBean
  public Governance governance(LlmRouterGovernance llmRouterGovernance) {
    return llmRouterGovernance.governance();
  }

  private static void trustProxyKeys(Governance governance, LlmRouterProxyProperties proxy, Environment environment) {
    if (!proxy.isEnabled()) {
      return;
    }
    Secret master = proxy.masterKey(environment);
    if (master != null) {
      governance.keys().trust("proxy:master", master);
    }
    List<Secret> clientKeys = proxy.clientKeys();
    for (int i = 0; i < clientKeys.size(); i++) {
      governance.keys().trust("proxy:key-" + (i + 1), clientKeys.get(i));
    }
  }

  private static PriceTable prices(List<LlmRouterGovernanceProperties.PriceEntry> entries) {
    PriceTable table = PriceTable.bundled();
    for (LlmRouterGovernanceProperties.PriceEntry e : entries) {
      if (e.getModel() == null || e.getModel().isBlank()) {
        throw new IllegalArgumentException(LlmRouterGovernanceProperties.PREFIX + ".prices: every entry needs a model");
      }
      table = table.with(e.getModel(), new ModelPrice(e.getInput(), e.getOutput(),
          e.getCacheRead() != null ? e.getCacheRead() : e.getInput(),
          e.getCacheWrite() != null ? e.getCacheWrite() : e.getInput(),
          e.getReasoning() != null ? e.getReasoning() : e.getOutput(), LocalDate.now(ZoneId.of("UTC"))));
    }
    return table;
  }

  private static Policy policy(LlmRouterGovernanceProperties.PolicyEntry entry) {
    Policy.Builder policy = Policy.builder();
    entry.getDenyTools().forEach(policy::denyTool);
    entry.getDenyModels().forEach(policy::denyModel);
    entry.getAllowModels().forEach(policy::allowModel);
    if (entry.getMaxTokens() != null) {
      policy.maxTokens(entry.getMaxTokens());
    }
    return policy.build();
  }

  private static RateLimit rateLimit(LlmRouterGovernanceProperties.RateLimitEntry limit) {
    boolean deployment = limit.getDeployment() != null && !limit.getDeployment().isBlank();
    boolean group = limit.getGroup() != null && !limit.getGroup().isBlank();
    if (deployment == group) {
      throw new IllegalArgumentException(LlmRouterGovernanceProperties.PREFIX
          + ".rate-limits: each entry names exactly one of deployment (provider/model) or group");
    }
    return deployment ? RateLimit.deployment(limit.getDeployment(), limit.getRpm(), limit.getTpm())
        : RateLimit.group(limit.getGroup(), limit.getRpm(), limit.getTpm());
  }
}
