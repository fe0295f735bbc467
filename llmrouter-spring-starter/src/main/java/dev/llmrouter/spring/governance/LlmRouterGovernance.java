package dev.llmrouter.spring.governance;

import dev.llmrouter.core.governance.Governance;
import dev.llmrouter.core.governance.JdbcSpendLedger;
import java.util.Optional;

/**
 * The governance the starter built from {@code llmrouter.governance.*}, with its spend ledger when
 * one is configured, and what it must close on shutdown (the Redis client).
 */
public final class LlmRouterGovernance implements AutoCloseable {
  private final Governance governance;
  private final JdbcSpendLedger ledger;
  private final String storeType;
  private final AutoCloseable resources;

  LlmRouterGovernance(Governance governance, JdbcSpendLedger ledger, String storeType, AutoCloseable resources) {
    this.governance = governance;
    this.ledger = ledger;
    this.storeType = storeType;
    this.resources = resources;
  }

  public Governance governance() {
    return governance;
  }

  /** The spend ledger, when {@code llmrouter.governance.ledger.jdbc-url} is set. */
  public Optional<JdbcSpendLedger> ledger() {
    return Optional.ofNullable(ledger);
  }

  /** memory, jdbc or redis. */
  public String storeType() {
    return storeType;
  }

  @Override
  public void close() throws Exception {
    if (resources != null) {
      resources.close();
    }
  }

  @Override
  public String toString() {
    return "LlmRouterGovernance{store=" + storeType + ", ledger=" + (ledger != null) + "}";
  }
}
