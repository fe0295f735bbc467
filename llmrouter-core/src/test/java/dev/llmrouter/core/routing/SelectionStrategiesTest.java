package dev.llmrouter.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.api.spi.SelectionStrategy.Candidate;
import dev.llmrouter.api.spi.SelectionStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SelectionStrategiesTest {
  private static final ChatRequest CHAT = ChatRequest.builder().model("g").addMessage(Message.user("hello")).build();
  private static final ChatRequest STREAM = CHAT.toBuilder().stream(true).build();

  /** A candidate with fixed statistics. */
  private record Fake(String provider, String upstreamModel, int weight, int inFlight, Duration averageLatency,
      Duration averageTimeToFirstToken, long rpmLimit, long tpmLimit, long requestsLastMinute, long tokensLastMinute)
      implements Candidate {
    static Fake of(String name, int weight) {
      return new Fake(name, "m-" + name, weight, 0, null, null, 0, 0, 0, 0);
    }

    Fake inFlight(int n) {
      return new Fake(provider, upstreamModel, weight, n, averageLatency, averageTimeToFirstToken, rpmLimit, tpmLimit,
          requestsLastMinute, tokensLastMinute);
    }

    Fake latency(long chatMillis, long ttftMillis) {
      return new Fake(provider, upstreamModel, weight, inFlight, Duration.ofMillis(chatMillis),
          Duration.ofMillis(ttftMillis), rpmLimit, tpmLimit, requestsLastMinute, tokensLastMinute);
    }

    Fake limits(long rpm, long tpm, long requests, long tokens) {
      return new Fake(provider, upstreamModel, weight, inFlight, averageLatency, averageTimeToFirstToken, rpm, tpm,
          requests, tokens);
    }
  }

  private static Map<String, Integer> tally(SelectionStrategy strategy, List<Candidate> candidates, int calls) {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < calls; i++) {
      counts.merge(strategy.select("g", candidates, CHAT).provider(), 1, Integer::sum);
    }
    return counts;
  }

  /**
   * Weights 3:1:0 over 20,000 seeded draws: each share within 1.5 percentage points of 75 % / 25 %
   * (binomial standard deviation about 0.3 points), and a standby of weight 0 never drawn.
   */
  @Test
  void weightedRandomHonoursTheWeightsWithinTolerance() {
    List<Candidate> candidates = List.of(Fake.of("a", 3), Fake.of("b", 1), Fake.of("standby", 0));
    Map<String, Integer> counts = tally(SelectionStrategies.weightedRandom(42), candidates, 20_000);
    assertThat(counts.get("a") / 20_000.0).isCloseTo(0.75, offset(0.015));
    assertThat(counts.get("b") / 20_000.0).isCloseTo(0.25, offset(0.015));
    assertThat(counts).doesNotContainKey("standby");
    assertThat(tally(SelectionStrategies.weightedRandom(42), candidates, 20_000)).isEqualTo(counts);
  }

  @Test
  void weightedRandomIsUniformAmongStandbys() {
    List<Candidate> standbys = List.of(Fake.of("x", 0), Fake.of("y", 0));
    Map<String, Integer> counts = tally(SelectionStrategies.weightedRandom(1), standbys, 2_000);
    assertThat(counts.get("x")).isBetween(900, 1100);
  }

  @Test
  void roundRobinTakesTurnsPerGroup() {
    SelectionStrategy strategy = SelectionStrategies.roundRobin();
    List<Candidate> candidates = List.of(Fake.of("a", 5), Fake.of("b", 1), Fake.of("c", 1));
    List<String> order = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      order.add(strategy.select("g", candidates, CHAT).provider());
    }
    assertThat(order).containsExactly("a", "b", "c", "a", "b", "c");
    assertThat(strategy.select("other", candidates, CHAT).provider()).isEqualTo("a");
  }

  @Test
  void leastBusyPicksTheFewestInFlight() {
    List<Candidate> candidates = List.of(Fake.of("a", 1).inFlight(4), Fake.of("b", 1).inFlight(1),
        Fake.of("c", 1).inFlight(2));
    assertThat(tally(SelectionStrategies.leastBusy(), candidates, 50)).containsOnlyKeys("b");
    List<Candidate> tied = List.of(Fake.of("a", 1).inFlight(0), Fake.of("b", 1).inFlight(0), Fake.of("c", 1).inFlight(3));
    assertThat(tally(SelectionStrategies.leastBusy(), tied, 400)).containsOnlyKeys("a", "b");
  }

  @Test
  void lowestLatencyMeasuresTimeToFirstTokenForStreamsAndTriesTheUnmeasuredFirst() {
    SelectionStrategy strategy = SelectionStrategies.lowestLatency();
    List<Candidate> candidates = List.of(Fake.of("a", 1).latency(900, 100), Fake.of("b", 1).latency(300, 700));
    assertThat(strategy.select("g", candidates, CHAT).provider()).isEqualTo("b");
    assertThat(strategy.select("g", candidates, STREAM).provider()).isEqualTo("a");
    List<Candidate> withNew = List.of(Fake.of("a", 1).latency(10, 10), Fake.of("new", 1));
    assertThat(strategy.select("g", withNew, CHAT).provider()).isEqualTo("new");
  }

  @Test
  void lowestCostReadsThePriceTableProviderQualifiedFirstAndPutsUnknownPricesLast() {
    List<Candidate> candidates = List.of(Fake.of("unknown", 1), Fake.of("a", 1), Fake.of("b", 1));
    SelectionStrategy strategy = SelectionStrategies.lowestCost(Map.of("m-a", 3.0, "m-b", 5.0, "b/m-b", 1.0));
    assertThat(strategy.select("g", candidates, CHAT).provider()).isEqualTo("b");
    SelectionStrategy byFunction = SelectionStrategies.lowestCost(c -> c.provider().equals("a") ? 0.5 : 2.0);
    assertThat(byFunction.select("g", candidates, CHAT).provider()).isEqualTo("a");
  }

  @Test
  void usageBasedStaysUnderTheLimitsAndPicksTheLeastUsedShare() {
    SelectionStrategy strategy = SelectionStrategies.usageBased();
    Candidate full = Fake.of("full", 1).limits(10, 0, 10, 0);
    Candidate busy = Fake.of("busy", 1).limits(100, 10_000, 80, 1_000);
    Candidate calm = Fake.of("calm", 1).limits(100, 10_000, 20, 5_000);
    assertThat(strategy.select("g", List.of(full, busy, calm), CHAT).provider()).isEqualTo("calm");
    Candidate tokensSpent = Fake.of("spent", 1).limits(0, 1_000, 0, 999);
    assertThat(strategy.select("g", List.of(full, tokensSpent), CHAT)).isNull();
    assertThat(strategy.select("g", List.of(full, Fake.of("unlimited", 1)), CHAT).provider()).isEqualTo("unlimited");
  }
}
