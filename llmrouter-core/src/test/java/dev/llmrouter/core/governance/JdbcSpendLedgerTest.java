package dev.llmrouter.core.governance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.core.LlmRouter;
import dev.llmrouter.core.ProviderConfig;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

class JdbcSpendLedgerTest {
  private final MutableClock clock = new MutableClock("2026-11-23T10:00:00Z");
  private final FakeUpstream upstream = new FakeUpstream();
  private final InMemoryKeyStore keys = new InMemoryKeyStore();
  private final Budget team = Budget.builder(BudgetScope.team("eng"), new BigDecimal("1")).build();
  private final JdbcSpendLedger ledger = new JdbcSpendLedger(h2()).createTableIfMissing();

  private static JdbcDataSource h2() {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:ledger-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    return dataSource;
  }

  /** One process's governance: keys persist (shared store), budget counters live in its memory. */
  private Governance process() {
    return Governance.builder().clock(clock).prices(GovernedRouterTest.PRICES).keyStore(keys).budget(team)
        .addListener(ledger).build();
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
  void everyCallIsARowAndARestartRefillsTheBudgetsFromThem() {
    upstream.script("p1", r -> FakeUpstream.Reply.answer(5, 50));
    Governance before = process();
    MintedKey key = before.keys().mint(KeySpec.builder().team("eng").user("ada")
        .budget(new BigDecimal("1"), BudgetPeriod.DAILY).build());
    try (LlmRouter router = router(before)) {
      for (int i = 0; i < 3; i++) {
        router.withKey(key.secret()).chat(ask());
      }
    }
    List<SpendRecord> rows = ledger.since(Instant.parse("2026-11-01T00:00:00Z"));
    assertThat(rows).hasSize(3).allSatisfy(row -> {
      assertThat(row.principal().user()).isEqualTo("ada");
      assertThat(row.upstreamModel()).isEqualTo("m-a");
      assertThat(row.usage().outputTokens()).isEqualTo(50);
      assertThat(row.cost().nanos()).isEqualTo(55_000);
    });
    ledger.spend(rows.get(0));
    assertThat(ledger.since(Instant.EPOCH)).hasSize(3);
    Instant from = Instant.parse("2026-11-01T00:00:00Z");
    Instant to = Instant.parse("2026-12-01T00:00:00Z");
    assertThat(ledger.totals(JdbcSpendLedger.Dimension.TEAM, from, to)).containsOnlyKeys("eng")
        .hasEntrySatisfying("eng", usd -> assertThat(usd).isEqualByComparingTo("0.000165"));
    assertThat(ledger.totals(JdbcSpendLedger.Dimension.MODEL, from, to)).containsOnlyKeys("m-a");
    assertThat(ledger.totals(JdbcSpendLedger.Dimension.TEAM, to, to.plusSeconds(1))).isEmpty();

    Governance after = process();
    assertThat(after.spent(team)).isZero();
    after.restoreSpend(ledger.since(from));
    assertThat(after.spent(team)).isEqualByComparingTo(before.spent(team)).isEqualByComparingTo("0.000165");
    assertThat(after.spentByKey(key.record().id())).isEqualByComparingTo("0.000165");
  }
}
