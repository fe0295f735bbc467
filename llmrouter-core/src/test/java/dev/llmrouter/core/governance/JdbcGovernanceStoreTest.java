package dev.llmrouter.core.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.error.AuthenticationException;
import dev.llmrouter.api.error.RateLimitedException;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.core.LlmRouter;
import dev.llmrouter.core.ProviderConfig;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** One instance on an embedded database: keys, run-time budgets and spend all outlive a restart. */
class JdbcGovernanceStoreTest {
  private final MutableClock clock = new MutableClock("2026-11-23T10:00:00Z");
  private final FakeUpstream upstream = new FakeUpstream();
  private final JdbcDataSource database = new JdbcDataSource();

  JdbcGovernanceStoreTest() {
    database.setURL("jdbc:h2:mem:governance-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
  }

  /** What a process builds at start: new store objects over the same database, counters rebuilt from the ledger. */
  private Governance start() {
    JdbcGovernanceStore store = new JdbcGovernanceStore(database).createTablesIfMissing();
    JdbcSpendLedger ledger = new JdbcSpendLedger(database).createTableIfMissing();
    Governance governance = Governance.builder().clock(clock).prices(GovernedRouterTest.PRICES).keyStore(store)
        .budgetDefinitionStore(store).budgetRefresh(Duration.ZERO).addListener(ledger).build();
    governance.restoreSpend(ledger);
    return governance;
  }

  private LlmRouter router(Governance governance) {
    return LlmRouter.builder().adapterFactory(upstream)
        .addProvider(ProviderConfig.builder("p1", "fake").wireFormat(WireFormat.OPENAI_CHAT).build())
        .route("smart", "p1", "m-a").governance(governance).build();
  }

  private static ChatRequest ask() {
    return ChatRequest.builder().model("smart").addMessage(Message.user("hi")).maxTokens(100).build();
  }

  @Test
  void keysBudgetsAndSpendOutliveARestart() {
    upstream.script("p1", r -> FakeUpstream.Reply.answer(5, 50));
    Governance before = start();
    MintedKey ada = before.keys().mint(KeySpec.builder().team("eng").user("ada").allowModel("smart")
        .expiresAt(Instant.parse("2027-01-01T00:00:00Z")).rpm(100).build());
    MintedKey bob = before.keys().mint(KeySpec.builder().team("eng").user("bob").build());
    // 55 000 nano-dollars a call, 105 000 reserved: two calls fit in 0.0002, a third does not
    before.setBudget(Budget.builder(BudgetScope.team("eng"), new BigDecimal("0.0002")).name("eng-daily")
        .period(BudgetPeriod.DAILY).models("m-*").build());
    try (LlmRouter router = router(before)) {
      router.withKey(ada.secret()).chat(ask());
      router.withKey(bob.secret()).chat(ask());
    }
    before.keys().revoke(bob.record().id());

    Governance after = start();
    assertThat(after.keys().find(ada.record().id())).hasValueSatisfying(key -> {
      assertThat(key.user()).isEqualTo("ada");
      assertThat(key.allowedModels()).containsExactly("smart");
      assertThat(key.expiresAt()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
      assertThat(key.rpm()).isEqualTo(100);
      assertThat(key.hash()).isNotEqualTo(ada.secret()).doesNotContain(ada.secret());
    });
    assertThat(after.budgetStates()).singleElement().satisfies(state -> {
      assertThat(state.budget().name()).isEqualTo("eng-daily");
      assertThat(state.budget().modelPattern()).isEqualTo("m-*");
      assertThat(state.spentUsd()).isEqualByComparingTo("0.00011");
      assertThat(state.resetsAt()).isEqualTo(Instant.parse("2026-11-24T00:00:00Z"));
    });
    try (LlmRouter router = router(after)) {
      assertThatThrownBy(() -> router.withKey(bob.secret()).chat(ask())).isInstanceOf(AuthenticationException.class)
          .hasMessageContaining("revoked");
      assertThatThrownBy(() -> router.withKey(ada.secret()).chat(ask())).isInstanceOf(RateLimitedException.class)
          .hasMessageContaining("budget 'eng-daily'");
      assertThat(after.removeBudget("eng-daily")).isTrue();
      assertThat(after.removeBudget("eng-daily")).isFalse();
      router.withKey(ada.secret()).chat(ask());
    }
  }
}
