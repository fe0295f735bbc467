package dev.llmrouter.core.governance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.error.RateLimitedException;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.api.model.Usage;
import dev.llmrouter.api.stream.ChatStream;
import dev.llmrouter.api.stream.StreamEvent;
import dev.llmrouter.core.LlmRouter;
import dev.llmrouter.core.ModelGroup;
import dev.llmrouter.core.ProviderConfig;
import dev.llmrouter.core.resilience.RetryConfig;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Hundreds of concurrent calls against one blocking budget: it is never exceeded, and the spend it
 * records is exactly the cost of what the callers received — nothing lost, nothing counted twice —
 * when attempts fail, fail over, fall back and streams break.
 */
class BudgetConcurrencyTest {
  private static final int CALLS = 400;
  private static final int THREADS = 32;

  private final MutableClock clock = new MutableClock("2026-11-23T10:00:00Z");
  private final FakeUpstream upstream = new FakeUpstream();
  private final GovernedRouterTest.Events events = new GovernedRouterTest.Events();

  private static ChatRequest ask() {
    return ChatRequest.builder().model("smart").addMessage(Message.user("hi")).maxTokens(100).build();
  }

  @Test
  void concurrentCallsNeverTakeTheBudgetPastItsLimitAndEveryCallIsBilledOnce() throws Exception {
    Budget budget = Budget.builder(BudgetScope.global(), new BigDecimal("0.01")).build();
    Governance governance = Governance.builder().requireKey(false).clock(clock).prices(GovernedRouterTest.PRICES)
        .budget(budget).addListener(events).build();
    // the first two calls wait for each other inside the upstream: two reservations are surely held at once
    CountDownLatch overlap = new CountDownLatch(2);
    AtomicLong mostReserved = new AtomicLong();
    upstream.script("p1", r -> {
      overlap.countDown();
      try {
        overlap.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      mostReserved.accumulateAndGet(governance.reserved(budget).movePointRight(9).longValueExact(), Math::max);
      return FakeUpstream.Reply.answer(5, 50);
    });
    AtomicLong expected = new AtomicLong();
    int served;
    try (LlmRouter router = LlmRouter.builder()
        .adapterFactory(upstream)
        .addProvider(ProviderConfig.builder("p1", "fake").wireFormat(WireFormat.OPENAI_CHAT).build())
        .route("smart", "p1", "m-a")
        .governance(governance)
        .build()) {
      served = runConcurrently(() -> {
        ChatResponse answer = router.chat(ask());
        expected.addAndGet(GovernedRouterTest.PRICES.cost(null, "m-a", answer.usage()).nanos());
      });
    }
    long limit = budget.limitNanos();
    long spent = governance.spent(budget).movePointRight(9).longValueExact();
    assertThat(spent).isEqualTo(expected.get()).isEqualTo(served * 55_000L).isLessThanOrEqualTo(limit);
    // a call is refused only while the spend plus what calls in flight reserved leaves no room for it
    assertThat(spent).isGreaterThan(limit - (long) THREADS * GovernedRouterTest.RESERVATION);
    assertThat(mostReserved.get()).isGreaterThanOrEqualTo(2 * GovernedRouterTest.RESERVATION);
    assertThat(governance.reserved(budget)).isZero();
    assertThat(governance.callsInFlight()).isZero();
    assertThat(events.spend).hasSize(CALLS);
    assertThat(events.spend.stream().filter(r -> r.outcome() == SpendRecord.Outcome.SUCCEEDED)).hasSize(served);
  }

  @Test
  void failuresFailoversFallbacksAndBrokenStreamsNeitherLoseNorDoubleCountSpend() throws Exception {
    Budget budget = Budget.builder(BudgetScope.global(), new BigDecimal("0.01")).build();
    Governance governance = Governance.builder().requireKey(false).clock(clock).prices(GovernedRouterTest.PRICES)
        .budget(budget).addListener(events).build();
    AtomicInteger p1Calls = new AtomicInteger();
    AtomicInteger p2Calls = new AtomicInteger();
    AtomicInteger p3Calls = new AtomicInteger();
    upstream.script("p1", r -> p1Calls.incrementAndGet() % 3 == 0 ? FakeUpstream.Reply.fail(503)
        : FakeUpstream.Reply.answer(5, 50));
    upstream.script("p2", r -> p2Calls.incrementAndGet() % 2 == 0 ? FakeUpstream.Reply.fail(500)
        : r.stream() && p2Calls.get() % 5 == 1
            ? FakeUpstream.Reply.breakAfter(Usage.builder().inputTokens(5).outputTokens(20).build())
            : FakeUpstream.Reply.answer(5, 40));
    upstream.script("p3", r -> p3Calls.incrementAndGet() % 4 == 0 ? FakeUpstream.Reply.fail(503)
        : FakeUpstream.Reply.answer(5, 30));
    AtomicLong expected = new AtomicLong();
    AtomicInteger turn = new AtomicInteger();
    try (LlmRouter router = LlmRouter.builder()
        .adapterFactory(upstream)
        .addProvider(ProviderConfig.builder("p1", "fake").wireFormat(WireFormat.OPENAI_CHAT).build())
        .addProvider(ProviderConfig.builder("p2", "fake").wireFormat(WireFormat.OPENAI_CHAT).build())
        .addProvider(ProviderConfig.builder("p3", "fake").wireFormat(WireFormat.OPENAI_CHAT).build())
        .addModelGroup(ModelGroup.builder("smart").deployment("p1", "m-a", 1).deployment("p2", "m-a", 1)
            .fallbackTo("cheap").build())
        .route("cheap", "p3", "m-b")
        .retry(RetryConfig.builder().maxAttempts(1).build())
        .governance(governance)
        .build()) {
      runConcurrently(() -> {
        if (turn.incrementAndGet() % 2 == 0) {
          ChatResponse answer = router.chat(ask());
          expected.addAndGet(GovernedRouterTest.PRICES.cost(null, answer.text().substring(3), answer.usage()).nanos());
          return;
        }
        String model = null;
        Usage usage = Usage.ZERO;
        try (ChatStream stream = router.stream(ask())) {
          for (StreamEvent event : stream) {
            if (event instanceof StreamEvent.MessageStart start) {
              model = start.model();
            } else if (event instanceof StreamEvent.UsageUpdate update) {
              usage = update.usage();
            }
          }
        }
        expected.addAndGet(GovernedRouterTest.PRICES.cost(null, model, usage).nanos());
      });
    }
    long spent = governance.spent(budget).movePointRight(9).longValueExact();
    assertThat(spent).isEqualTo(expected.get()).isLessThanOrEqualTo(budget.limitNanos());
    assertThat(events.spend.stream().mapToLong(r -> r.cost().nanos()).sum()).isEqualTo(spent);
    assertThat(events.spend).hasSize(CALLS);
    assertThat(events.spend).extracting(SpendRecord::outcome).contains(SpendRecord.Outcome.SUCCEEDED,
        SpendRecord.Outcome.BROKEN);
    assertThat(events.spend).extracting(SpendRecord::upstreamModel).contains("m-a", "m-b");
    assertThat(governance.reserved(budget)).isZero();
    assertThat(governance.callsInFlight()).isZero();
  }

  /** Runs {@link #CALLS} calls on {@link #THREADS} threads, all released at once; returns how many were not refused. */
  private static int runConcurrently(ThrowingRunnable call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger served = new AtomicInteger();
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < CALLS; i++) {
        futures.add(pool.submit((Callable<Void>) () -> {
          start.await();
          try {
            call.run();
            served.incrementAndGet();
          } catch (RateLimitedException refused) {
            assertThat(refused.getMessage()).contains("budget 'global monthly'");
          } catch (LlmException failed) {
            // every deployment failed for this call: it is billed nothing, which the sums check
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> future : futures) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return served.get();
  }

  @FunctionalInterface
  private interface ThrowingRunnable {
    void run() throws Exception;
  }
}
