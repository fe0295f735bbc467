package dev.llmrouter.core.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.LlmClient;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.error.AuthenticationException;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.error.PermissionDeniedException;
import dev.llmrouter.api.error.RateLimitedException;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.api.model.Tool;
import dev.llmrouter.api.model.Usage;
import dev.llmrouter.api.stream.ChatStream;
import dev.llmrouter.api.stream.StreamEvent;
import dev.llmrouter.core.LlmRouter;
import dev.llmrouter.core.ProviderConfig;
import dev.llmrouter.core.cache.CacheConfig;
import dev.llmrouter.core.resilience.RetryConfig;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class GovernedRouterTest {
  static final LocalDate DAY = LocalDate.of(2026, 11, 23);
  /** m-a costs $1 per million tokens in and out (1000 nano-dollars a token), m-b a tenth of it. */
  static final PriceTable PRICES = PriceTable.empty()
      .with("m-a", ModelPrice.of(1, 1, DAY))
      .with("m-b", ModelPrice.of(0.1, 0.1, DAY));
  /** "hi" is estimated at 5 input tokens; with max_tokens 100 an attempt on m-a reserves 105 000 nano-dollars. */
  static final long RESERVATION = 105_000;

  private final MutableClock clock = new MutableClock("2026-11-23T10:00:00Z");
  private final FakeUpstream upstream = new FakeUpstream();
  private final Events events = new Events();

  static final class Events implements GovernanceListener {
    final List<SpendRecord> spend = new CopyOnWriteArrayList<>();
    final List<String> alerts = new CopyOnWriteArrayList<>();
    final List<String> breaches = new CopyOnWriteArrayList<>();
    final List<String> unpriced = new CopyOnWriteArrayList<>();

    @Override
    public void spend(SpendRecord record) {
      spend.add(record);
    }

    @Override
    public void budgetAlert(Budget budget, String period, long spentNanos) {
      alerts.add(budget.name() + "@" + period);
    }

    @Override
    public void budgetExceeded(Budget budget, String period, long spentNanos) {
      breaches.add(budget.name() + "@" + period);
    }

    @Override
    public void unpricedModel(String provider, String model) {
      unpriced.add(provider + "/" + model);
    }
  }

  Governance.Builder governance() {
    return Governance.builder().clock(clock).prices(PRICES).addListener(events);
  }

  LlmRouter router(Governance governance) {
    return router(governance, null);
  }

  LlmRouter router(Governance governance, CacheConfig cache) {
    LlmRouter.Builder b = LlmRouter.builder()
        .adapterFactory(upstream)
        .addProvider(ProviderConfig.builder("p1", "fake").wireFormat(WireFormat.OPENAI_CHAT).build())
        .addProvider(ProviderConfig.builder("p2", "fake").wireFormat(WireFormat.OPENAI_CHAT).build())
        .route("smart", "p1", "m-a")
        .route("cheap", "p2", "m-b")
        .route("free", "p1", "unknown-model")
        .retry(RetryConfig.builder().maxAttempts(1).build())
        .governance(governance);
    if (cache != null) {
      b.cache(cache);
    }
    return b.build();
  }

  static ChatRequest ask(String model) {
    return ChatRequest.builder().model(model).addMessage(Message.user("hi")).maxTokens(100).build();
  }

  @Test
  void blockingBudgetRefusesTheCallThatWouldPassItNamesItAndWhenItResets() {
    Budget team = Budget.builder(BudgetScope.team("eng"), new BigDecimal("0.001")).alertAt(0.8).build();
    Governance governance = governance().budget(team).build();
    upstream.script("p1", r -> FakeUpstream.Reply.answer(5, 50));
    String key = governance.keys().mint(KeySpec.builder().team("eng").build()).secret();
    try (LlmRouter router = router(governance)) {
      LlmClient client = router.withKey(key);
      int served = 0;
      while (served < 100) {
        try {
          client.chat(ask("smart"));
          served++;
        } catch (RateLimitedException refused) {
          assertThat(refused.getMessage()).contains("budget 'team:eng monthly'", "of $0.001 ",
              "resets at 2026-12-01T00:00:00Z");
          assertThat(refused.retryAfter()).isEqualTo(Duration.between(clock.instant(), Instant.parse("2026-12-01T00:00:00Z")));
          break;
        }
      }
      // each call costs 55 000 and reserves 105 000 of 1 000 000: the 18th no longer fits
      assertThat(served).isEqualTo(17);
      assertThat(governance.spent(team)).isEqualByComparingTo("0.000935");
      assertThat(governance.reserved(team)).isZero();
      assertThat(events.alerts).containsExactly("team:eng monthly@M2026-11-01");
      assertThat(events.breaches).containsExactly("team:eng monthly@M2026-11-01");

      clock.set("2026-12-01T00:00:00Z");
      client.chat(ask("smart"));
      assertThat(governance.spent(team)).isEqualByComparingTo("0.000055");
    }
  }

  @Test
  void everyLevelOfTheHierarchyMustHaveRoomAndTheOneWithoutIsNamed() {
    Budget organization = Budget.builder(BudgetScope.organization("acme"), new BigDecimal("0.0002")).build();
    Budget team = Budget.builder(BudgetScope.team("eng"), new BigDecimal("1")).build();
    Budget otherTeam = Budget.builder(BudgetScope.team("ops"), new BigDecimal("0")).build();
    Budget project = Budget.builder(BudgetScope.project("atlas"), new BigDecimal("1")).build();
    Governance governance = governance().budget(organization).budget(team).budget(otherTeam).budget(project).build();
    upstream.script("p1", r -> FakeUpstream.Reply.answer(5, 50));
    String key = governance.keys().mint(KeySpec.builder().organization("acme").team("eng").project("atlas")
        .user("ada").build()).secret();
    try (LlmRouter router = router(governance)) {
      router.withKey(key).chat(ask("smart"));
      router.withKey(key).chat(ask("smart"));
      assertThatThrownBy(() -> router.withKey(key).chat(ask("smart"))).isInstanceOf(RateLimitedException.class)
          .hasMessageContaining("budget 'organization:acme monthly'");
    }
    assertThat(governance.spent(organization)).isEqualByComparingTo("0.00011");
    assertThat(governance.spent(team)).isEqualByComparingTo("0.00011");
    assertThat(governance.spent(project)).isEqualByComparingTo("0.00011");
    assertThat(governance.spent(otherTeam)).isZero();
  }

  @Test
  void periodsFollowTheConfiguredTimeZone() {
    Budget daily = Budget.builder(BudgetScope.global(), new BigDecimal("0.00015")).period(BudgetPeriod.DAILY).build();
    Governance governance = governance().requireKey(false).zone(ZoneId.of("America/New_York")).budget(daily).build();
    upstream.script("p1", r -> FakeUpstream.Reply.answer(5, 50));
    clock.set("2026-11-24T04:59:00Z"); // 23:59 on the 23rd in New York
    try (LlmRouter router = router(governance)) {
      router.chat(ask("smart"));
      assertThatThrownBy(() -> router.chat(ask("smart"))).isInstanceOf(RateLimitedException.class)
          .hasMessageContaining("resets at 2026-11-24T05:00:00Z");
      clock.advance(Duration.ofMinutes(1));
      router.chat(ask("smart"));
    }
  }

  @Test
  void alertOnlyBudgetLetsCallsThroughAndSaysSoOncePerPeriod() {
    Budget watch = Budget.builder(BudgetScope.global(), new BigDecimal("0.0001")).onBreach(BreachAction.alertOnly()).build();
    Governance governance = governance().requireKey(false).budget(watch).build();
    upstream.script("p1", r -> FakeUpstream.Reply.answer(5, 50));
    try (LlmRouter router = router(governance)) {
      for (int i = 0; i < 5; i++) {
        router.chat(ask("smart"));
      }
    }
    assertThat(governance.spent(watch)).isEqualByComparingTo("0.000275");
    assertThat(events.alerts).hasSize(1);
    assertThat(events.breaches).hasSize(1);
  }

  @Test
  void downgradeBudgetSendsCallsToTheCheaperModelOnceSpent() {
    Budget smart = Budget.builder(BudgetScope.global(), new BigDecimal("0.0001")).models("m-a")
        .onBreach(BreachAction.downgradeTo("cheap")).build();
    Governance governance = governance().requireKey(false).budget(smart).build();
    upstream.script("p1", r -> FakeUpstream.Reply.answer(5, 50));
    try (LlmRouter router = router(governance)) {
      assertThat(router.chat(ask("smart")).text()).isEqualTo("p1:m-a");
      assertThat(router.chat(ask("smart")).text()).isEqualTo("p1:m-a");
      assertThat(router.chat(ask("smart")).text()).isEqualTo("p2:m-b");
    }
    assertThat(events.spend).extracting(SpendRecord::requestedModel).containsExactly("smart", "smart", "cheap");
  }

  @Test
  void revocationAndModelScopeOfAVirtualKeyTakeEffectOnTheNextRequest() {
    Governance governance = governance().build();
    MintedKey minted = governance.keys().mint(KeySpec.builder().allowModel("sma*").build());
    try (LlmRouter router = router(governance)) {
      LlmClient client = router.withKey(minted.secret());
      client.chat(ask("smart"));
      assertThatThrownBy(() -> client.chat(ask("cheap"))).isInstanceOf(PermissionDeniedException.class)
          .hasMessageContaining("may not use model 'cheap'");
      assertThatThrownBy(() -> router.chat(ask("smart"))).isInstanceOf(AuthenticationException.class);
      governance.keys().revoke(minted.record().id());
      assertThatThrownBy(() -> client.chat(ask("smart"))).isInstanceOf(AuthenticationException.class)
          .hasMessageContaining("revoked");
    }
    assertThat(upstream.calls).hasSize(1);
  }

  @Test
  void keyBudgetAndRequestsPerMinuteApplyToThatKeyOnly() {
    Governance governance = governance().build();
    String limited = governance.keys().mint(KeySpec.builder().rpm(2).build()).secret();
    MintedKey small = governance.keys().mint(KeySpec.builder().budget(new BigDecimal("0.0002"), BudgetPeriod.LIFETIME).build());
    upstream.script("p1", r -> FakeUpstream.Reply.answer(5, 50));
    try (LlmRouter router = router(governance)) {
      router.withKey(limited).chat(ask("smart"));
      router.withKey(limited).chat(ask("smart"));
      assertThatThrownBy(() -> router.withKey(limited).chat(ask("smart"))).isInstanceOf(RateLimitedException.class)
          .hasMessageContaining("key:")
          .satisfies(e -> assertThat(((LlmException) e).retryAfter()).isEqualTo(Duration.ofSeconds(60)));
      clock.advance(Duration.ofMinutes(1));
      router.withKey(limited).chat(ask("smart"));

      router.withKey(small.secret()).chat(ask("smart"));
      router.withKey(small.secret()).chat(ask("smart"));
      assertThatThrownBy(() -> router.withKey(small.secret()).chat(ask("smart")))
          .isInstanceOf(RateLimitedException.class).hasMessageContaining("does not reset (lifetime budget)")
          .satisfies(e -> assertThat(((LlmException) e).retryAfter()).isNull());
      assertThat(governance.spentByKey(small.record().id())).isEqualByComparingTo("0.00011");
    }
  }

  @Test
  void deploymentAndGroupRateLimitsRefuseWithRetryAfterAndTheCallFallsBackWhereItCan() {
    Governance governance = governance().requireKey(false)
        .rateLimit(RateLimit.deployment("p1/m-a", 1, 0))
        .rateLimit(RateLimit.group("cheap", 0, 300))
        .build();
    clock.set("2026-11-23T10:00:45Z");
    try (LlmRouter router = router(governance)) {
      router.chat(ask("smart"));
      assertThatThrownBy(() -> router.chat(ask("smart"))).isInstanceOf(RateLimitedException.class)
          .hasMessageContaining("deployment:p1/m-a: 1 requests per minute")
          .satisfies(e -> assertThat(((LlmException) e).retryAfter()).isEqualTo(Duration.ofSeconds(15)));
      // tokens per minute: each call is counted as 105 estimated, then corrected to the 20 it used
      for (int i = 0; i < 10; i++) {
        router.chat(ask("cheap"));
      }
    }
  }

  @Test
  void policyDeniesToolsAndModelsNamingTheRuleAndCapsMaxTokens() {
    Policy policy = Policy.builder().denyTool("^shell\\.exec$").denyModel("m-b").maxTokens(40).build();
    Governance governance = governance().requireKey(false).policy(policy).build();
    try (LlmRouter router = router(governance)) {
      ChatRequest withShell = ask("smart").toBuilder().addTool(Tool.function("shell.exec", "run", "{}")).build();
      assertThatThrownBy(() -> router.chat(withShell)).isInstanceOf(PermissionDeniedException.class)
          .hasMessageContaining("rule: deny-tool ^shell\\.exec$");
      // the deployment's upstream model is checked before the attempt
      assertThatThrownBy(() -> router.chat(ask("cheap"))).isInstanceOf(PermissionDeniedException.class)
          .hasMessageContaining("rule: deny-model m-b");
      router.chat(ask("smart").toBuilder().addTool(Tool.function("shell.execute_safely", "x", "{}")).build());
    }
    assertThat(upstream.calls).singleElement().extracting(FakeUpstream.Call::maxTokens).isEqualTo(40);
  }

  @Test
  void allowedModelsMayBeNamedByTheRequestedNameOrTheUpstreamModel() {
    Governance governance = governance().requireKey(false)
        .policy(Policy.builder().allowModel("m-b").allowModel("free").build()).build();
    try (LlmRouter router = router(governance)) {
      router.chat(ask("cheap"));
      router.chat(ask("free"));
      assertThatThrownBy(() -> router.chat(ask("smart"))).isInstanceOf(PermissionDeniedException.class)
          .hasMessageContaining("model 'm-a' is not allowed (llmrouter policy rule: allow-models [m-b, free])");
    }
    assertThat(upstream.calls).extracting(FakeUpstream.Call::model).containsExactly("m-b", "unknown-model");
  }

  @Test
  void responseCacheIsPartitionedByKeyAndAHitCostsNothing() {
    Governance governance = governance().build();
    String first = governance.keys().mint(KeySpec.builder().build()).secret();
    String second = governance.keys().mint(KeySpec.builder().build()).secret();
    ChatRequest deterministic = ask("smart").toBuilder().temperature(0.0).build();
    try (LlmRouter router = router(governance, CacheConfig.builder().build())) {
      router.withKey(first).chat(deterministic);
      assertThat(router.withKey(first).chat(deterministic).cacheHit()).isTrue();
      assertThat(router.withKey(second).chat(deterministic).cacheHit()).isFalse();
    }
    assertThat(upstream.calls).hasSize(2);
    assertThat(events.spend).extracting(SpendRecord::outcome).containsExactly(
        SpendRecord.Outcome.SUCCEEDED, SpendRecord.Outcome.CACHE_HIT, SpendRecord.Outcome.SUCCEEDED);
    assertThat(events.spend.get(1).cost().nanos()).isZero();
  }

  @Test
  void unknownModelIsCostedZeroAndFlaggedOnce() {
    Governance governance = governance().requireKey(false).build();
    try (LlmRouter router = router(governance)) {
      router.chat(ask("free"));
      router.chat(ask("free"));
    }
    assertThat(events.unpriced).containsExactly("p1/unknown-model");
    assertThat(events.spend).allSatisfy(r -> {
      assertThat(r.cost().priced()).isFalse();
      assertThat(r.cost().nanos()).isZero();
    });
  }

  @Test
  void usageTheUpstreamNeverSentIsEstimatedAndFlagged() {
    Governance governance = governance().requireKey(false).build();
    upstream.script("p1", r -> FakeUpstream.Reply.withUsage(Usage.ZERO));
    try (LlmRouter router = router(governance)) {
      router.chat(ask("smart"));
    }
    SpendRecord row = events.spend.get(0);
    assertThat(row.usage().estimated()).isTrue();
    assertThat(row.usage().inputTokens()).isEqualTo(5);
    assertThat(row.usage().outputTokens()).isEqualTo(100);
    assertThat(row.cost().nanos()).isEqualTo(RESERVATION);
    assertThat(row.cost().estimated()).isTrue();
  }

  @Test
  void streamClosedBeforeItsUsageArrivedIsBilledForWhatWasDeliveredNotForNothing() {
    Governance governance = governance().requireKey(false).build();
    try (LlmRouter router = router(governance); ChatStream stream = router.stream(ask("smart"))) {
      for (StreamEvent event : stream) {
        if (event instanceof StreamEvent.TextDelta) {
          break;
        }
      }
    }
    SpendRecord row = events.spend.get(0);
    assertThat(row.outcome()).isEqualTo(SpendRecord.Outcome.SUCCEEDED);
    // "streamed" is 8 characters, about 2 tokens; the input is the request's estimate of 5
    assertThat(row.usage().outputTokens()).isEqualTo(2);
    assertThat(row.usage().inputTokens()).isEqualTo(5);
    assertThat(row.usage().estimated()).isTrue();
    assertThat(row.cost().nanos()).isEqualTo(7_000);
  }

  @Test
  void brokenStreamIsBilledForWhatItDeliveredAndAFailedCallForNothing() {
    Budget all = Budget.builder(BudgetScope.global(), new BigDecimal("1")).build();
    Governance governance = governance().requireKey(false).budget(all).build();
    upstream.script("p1", r -> FakeUpstream.Reply.breakAfter(Usage.builder().inputTokens(5).outputTokens(30).build()));
    upstream.script("p2", r -> FakeUpstream.Reply.fail(500));
    try (LlmRouter router = router(governance)) {
      List<StreamEvent> seen = new ArrayList<>();
      try (ChatStream stream = router.stream(ask("smart"))) {
        stream.forEach(seen::add);
      }
      assertThat(seen).last().isInstanceOf(StreamEvent.StreamError.class);
      assertThatThrownBy(() -> router.chat(ask("cheap"))).isInstanceOf(LlmException.class);
    }
    assertThat(events.spend).extracting(SpendRecord::outcome)
        .containsExactly(SpendRecord.Outcome.BROKEN, SpendRecord.Outcome.FAILED);
    assertThat(events.spend.get(0).cost().nanos()).isEqualTo(35_000);
    assertThat(governance.spent(all)).isEqualByComparingTo("0.000035");
    assertThat(governance.reserved(all)).isZero();
    assertThat(governance.callsInFlight()).isZero();
  }
}
