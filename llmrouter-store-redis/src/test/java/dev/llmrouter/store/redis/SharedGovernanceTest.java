package dev.llmrouter.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.NativeResponse;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.error.AuthenticationException;
import dev.llmrouter.api.error.RateLimitedException;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.api.model.StopReason;
import dev.llmrouter.api.model.TextBlock;
import dev.llmrouter.api.model.Usage;
import dev.llmrouter.api.spi.AdapterResources;
import dev.llmrouter.api.spi.BudgetStore;
import dev.llmrouter.api.spi.CallOptions;
import dev.llmrouter.api.spi.ForwardRequest;
import dev.llmrouter.api.spi.ProviderAdapter;
import dev.llmrouter.api.spi.ProviderAdapterFactory;
import dev.llmrouter.api.spi.ProviderSettings;
import dev.llmrouter.api.stream.ChatStream;
import dev.llmrouter.core.LlmRouter;
import dev.llmrouter.core.ProviderConfig;
import dev.llmrouter.core.governance.Budget;
import dev.llmrouter.core.governance.BudgetPeriod;
import dev.llmrouter.core.governance.BudgetScope;
import dev.llmrouter.core.governance.Governance;
import dev.llmrouter.core.governance.KeySpec;
import dev.llmrouter.core.governance.MintedKey;
import dev.llmrouter.core.governance.ModelPrice;
import dev.llmrouter.core.governance.PriceTable;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.RedisClient;

/** Two router instances sharing one Redis: one budget, one rate limit, one set of keys. */
@Timeout(60)
class SharedGovernanceTest {
  private static final PriceTable PRICES = PriceTable.empty().with("m", ModelPrice.of(1, 1, LocalDate.of(2026, 11, 23)));
  private static RedisServer server;
  private final String prefix = "test-" + UUID.randomUUID() + ":";

  @BeforeAll
  static void startRedis() {
    server = new RedisServer();
  }

  @AfterAll
  static void stopRedis() {
    server.close();
  }

  /** A governance instance of its own, as on another machine, on the shared Redis. */
  private Governance instance(RedisClient redis, Budget budget) {
    Governance.Builder b = Governance.builder().prices(PRICES)
        .keyStore(new RedisKeyStore(redis, prefix))
        .budgetStore(new RedisBudgetStore(redis, prefix))
        .rateLimitStore(new RedisRateLimitStore(redis, prefix))
        .budgetDefinitionStore(new RedisBudgetDefinitionStore(redis, prefix)).budgetRefresh(Duration.ZERO);
    if (budget != null) {
      b.budget(budget);
    }
    return b.build();
  }

  private static LlmRouter router(Governance governance) {
    return LlmRouter.builder().adapterFactory(new Answering())
        .addProvider(ProviderConfig.builder("p", "answering").wireFormat(WireFormat.OPENAI_CHAT).build())
        .route("smart", "p", "m").governance(governance).build();
  }

  private static ChatRequest ask() {
    return ChatRequest.builder().model("smart").addMessage(Message.user("hi")).maxTokens(100).build();
  }

  @Test
  void twoInstancesUnderConcurrentLoadNeverPassTheirSharedBudget() throws Exception {
    Budget budget = Budget.builder(BudgetScope.team("eng"), new BigDecimal("0.01")).build();
    try (RedisClient redisA = RedisClient.create(server.url()); RedisClient redisB = RedisClient.create(server.url())) {
      Governance a = instance(redisA, budget);
      Governance b = instance(redisB, budget);
      String key = a.keys().mint(KeySpec.builder().team("eng").build()).secret();
      AtomicInteger served = new AtomicInteger();
      try (LlmRouter routerA = router(a); LlmRouter routerB = router(b)) {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
          LlmRouter router = i % 2 == 0 ? routerA : routerB;
          futures.add(pool.submit((Callable<Void>) () -> {
            start.await();
            try {
              router.withKey(key).chat(ask());
              served.incrementAndGet();
            } catch (RateLimitedException refused) {
              assertThat(refused.getMessage()).contains("budget 'team:eng monthly'");
            }
            return null;
          }));
        }
        start.countDown();
        for (Future<?> future : futures) {
          future.get();
        }
        pool.shutdown();
      }
      // 5 + 50 tokens at $1 per million: 55 000 nano-dollars a call; each reserves 105 000
      long spent = a.spent(budget).movePointRight(9).longValueExact();
      assertThat(spent).isEqualTo(served.get() * 55_000L).isLessThanOrEqualTo(budget.limitNanos())
          .isGreaterThan(budget.limitNanos() - 16 * 105_000L);
      assertThat(b.spent(budget)).isEqualByComparingTo(a.spent(budget));
      assertThat(a.reserved(budget)).isZero();
    }
  }

  @Test
  void aBudgetSetOnOneInstanceHoldsOnTheOtherAndOutlivesBoth() {
    Budget budget = Budget.builder(BudgetScope.team("eng"), new BigDecimal("0.0002")).name("eng-day")
        .period(BudgetPeriod.DAILY).models("m*").alertAt(0.5).build();
    String key;
    try (RedisClient redisA = RedisClient.create(server.url()); RedisClient redisB = RedisClient.create(server.url())) {
      Governance a = instance(redisA, null);
      Governance b = instance(redisB, null);
      key = a.keys().mint(KeySpec.builder().team("eng").build()).secret();
      a.setBudget(budget);
      assertThat(b.budgets()).extracting(Budget::name).containsExactly("eng-day");
      assertThat(b.budgets().get(0).modelPattern()).isEqualTo("m*");
      assertThat(b.budgets().get(0).period()).isEqualTo(BudgetPeriod.DAILY);
      try (LlmRouter routerB = router(b)) {
        routerB.withKey(key).chat(ask()); // 55 000 of the 200 000 nano-dollars; a call reserves 105 000
        routerB.withKey(key).chat(ask());
        assertThatThrownBy(() -> routerB.withKey(key).chat(ask())).isInstanceOf(RateLimitedException.class)
            .hasMessageContaining("budget 'eng-day'").hasMessageContaining("resets at");
      }
      assertThat(b.removeBudget("eng-day")).isTrue();
      assertThat(a.budgets()).isEmpty();
      a.setBudget(budget);
    }
    // both instances are gone; a new one finds the key, the budget and what was spent on it
    try (RedisClient redis = RedisClient.create(server.url())) {
      Governance restarted = instance(redis, null);
      assertThat(restarted.budgetStates()).singleElement().satisfies(state -> {
        assertThat(state.budget().name()).isEqualTo("eng-day");
        assertThat(state.spentUsd()).isEqualByComparingTo("0.00011");
        assertThat(state.reservedUsd()).isZero();
        assertThat(state.resetsAt()).isAfter(java.time.Instant.now());
      });
      try (LlmRouter router = router(restarted)) {
        assertThatThrownBy(() -> router.withKey(key).chat(ask())).isInstanceOf(RateLimitedException.class)
            .hasMessageContaining("budget 'eng-day'");
      }
    }
  }

  @Test
  void keysAndTheirRateLimitsAreShared() {
    try (RedisClient redisA = RedisClient.create(server.url()); RedisClient redisB = RedisClient.create(server.url())) {
      Governance a = instance(redisA, null);
      Governance b = instance(redisB, null);
      MintedKey key = a.keys().mint(KeySpec.builder().rpm(3).build());
      try (LlmRouter routerA = router(a); LlmRouter routerB = router(b)) {
        routerA.withKey(key.secret()).chat(ask());
        routerB.withKey(key.secret()).chat(ask());
        routerA.withKey(key.secret()).chat(ask());
        assertThatThrownBy(() -> routerB.withKey(key.secret()).chat(ask())).isInstanceOf(RateLimitedException.class)
            .hasMessageContaining("3 requests per minute");
        assertThat(b.keys().list()).extracting(r -> r.id()).containsExactly(key.record().id());

        MintedKey other = b.keys().mint(KeySpec.builder().build());
        routerA.withKey(other.secret()).chat(ask());
        a.keys().revoke(other.record().id());
        assertThatThrownBy(() -> routerB.withKey(other.secret()).chat(ask()))
            .isInstanceOf(AuthenticationException.class).hasMessageContaining("revoked");
      }
    }
  }

  @Test
  void aReservationItsInstanceNeverSettledIsGivenBackAtItsDeadline() {
    try (RedisClient redisA = RedisClient.create(server.url()); RedisClient redisB = RedisClient.create(server.url())) {
      RedisBudgetStore a = new RedisBudgetStore(redisA, prefix);
      RedisBudgetStore b = new RedisBudgetStore(redisB, prefix);
      assertThat(a.reserve("held", List.of(new BudgetStore.Hold("c", 100, 100)), 3_600_000)).isEqualTo(-1);
      assertThat(b.reserve("other", List.of(new BudgetStore.Hold("c", 1, 100)), 3_600_000)).isZero();
      b.settle("held", List.of("c"), 30);
      assertThat(b.spent("c")).isEqualTo(30);
      assertThat(b.reserved("c")).isZero();

      // an instance dies holding a reservation whose deadline is already due
      assertThat(a.reserve("crashed", List.of(new BudgetStore.Hold("c", 70, 100)), 0)).isEqualTo(-1);
      assertThat(b.reserve("after", List.of(new BudgetStore.Hold("c", 70, 100)), 3_600_000)).isEqualTo(-1);
      assertThat(b.reserved("c")).isEqualTo(70);
    }
  }

  /** Answers every call at once with 5 input and 50 output tokens. */
  static final class Answering implements ProviderAdapterFactory {
    @Override
    public String type() {
      return "answering";
    }

    @Override
    public ProviderAdapter create(ProviderSettings settings, AdapterResources resources) {
      return new ProviderAdapter() {
        @Override
        public String name() {
          return settings.name();
        }

        @Override
        public WireFormat wireFormat() {
          return settings.wireFormat();
        }

        @Override
        public ChatResponse chat(ChatRequest request, CallOptions options) {
          return ChatResponse.builder().model(request.model()).addContent(TextBlock.of("ok"))
              .stopReason(StopReason.of(StopReason.Kind.END_TURN))
              .usage(Usage.builder().inputTokens(5).outputTokens(50).build()).build();
        }

        @Override
        public ChatStream stream(ChatRequest request, CallOptions options) {
          throw new UnsupportedOperationException("whole answers only");
        }

        @Override
        public NativeResponse forward(ForwardRequest request, CallOptions options) {
          throw new UnsupportedOperationException("no passthrough");
        }

        @Override
        public OptionalLong countTokens(ChatRequest request, CallOptions options) {
          return OptionalLong.empty();
        }
      };
    }
  }
}
