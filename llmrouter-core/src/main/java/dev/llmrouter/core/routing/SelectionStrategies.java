package dev.llmrouter.core.routing;

import dev.llmrouter.api.spi.SelectionStrategy;
import dev.llmrouter.api.spi.SelectionStrategy.Candidate;
import dev.llmrouter.core.governance.PriceTable;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.ToDoubleFunction;

/**
 * The stock {@link SelectionStrategy selection strategies}. Each one sees only the deployments that may
 * take an attempt now (circuit not open, a key available; standbys of weight 0 only when no weighted
 * deployment is left) and is asked again, with the rest, when an attempt fails.
 */
public final class SelectionStrategies {
  private SelectionStrategies() {}

  /** Picks at random in proportion to the weights (the default). */
  public static SelectionStrategy weightedRandom() {
    return new WeightedRandomStrategy(null);
  }

  /** {@link #weightedRandom()} with a seeded random source, for reproducible runs. */
  public static SelectionStrategy weightedRandom(long seed) {
    return new WeightedRandomStrategy(new Random(seed));
  }

  /** {@link #weightedRandom()} drawing from {@code random}. */
  public static SelectionStrategy weightedRandom(Random random) {
    return new WeightedRandomStrategy(Objects.requireNonNull(random, "random"));
  }

  /** Takes the group's deployments in turn, ignoring weights. */
  public static SelectionStrategy roundRobin() {
    return new RoundRobinStrategy();
  }

  /** Picks the deployment with the fewest calls in flight; ties are broken by weight at random. */
  public static SelectionStrategy leastBusy() {
    return new LeastBusyStrategy();
  }

  /**
   * Picks the deployment with the lowest mean latency over the router's moving window: time to first
   * token for streams, whole-call duration otherwise. A deployment without a measurement yet is tried
   * first, so that every one gets measured.
   */
  public static SelectionStrategy lowestLatency() {
    return new LowestLatencyStrategy();
  }

  /**
   * Picks the cheapest deployment by a price table: keys are {@code provider/model} or a bare upstream
   * model name (the provider-qualified entry wins), values any price unit as long as it is the same
   * for all (e.g. USD per million tokens). Deployments without a price come last.
   */
  public static SelectionStrategy lowestCost(Map<String, Double> prices) {
    Map<String, Double> table = Map.copyOf(prices);
    return new LowestCostStrategy(candidate -> {
      Double price = table.get(candidate.provider() + "/" + candidate.upstreamModel());
      if (price == null) {
        price = table.get(candidate.upstreamModel());
      }
      return price == null ? Double.POSITIVE_INFINITY : price;
    });
  }

  /**
   * Picks the cheapest deployment by the bundled {@link PriceTable} (a quarter input price, three
   * quarters output price); deployments of unknown models come last.
   */
  public static SelectionStrategy lowestCost() {
    return lowestCost(PriceTable.bundled());
  }

  /** As {@link #lowestCost()}, by {@code prices} (e.g. the bundled table with your own entries). */
  public static SelectionStrategy lowestCost(PriceTable prices) {
    Objects.requireNonNull(prices, "prices");
    return new LowestCostStrategy(candidate -> prices.blendedPrice(candidate.provider(), candidate.upstreamModel()));
  }

  /** Picks the cheapest deployment by {@code price}; {@code Double.POSITIVE_INFINITY} means unknown. */
  public static SelectionStrategy lowestCost(ToDoubleFunction<Candidate> price) {
    return new LowestCostStrategy(Objects.requireNonNull(price, "price"));
  }

  /**
   * Keeps every deployment under its requests- and tokens-per-minute limits: picks the least used one
   * (in share of its limits) among those the request still fits, and none when it fits nowhere (the
   * group is then skipped as rate limited). Deployments without limits always fit.
   */
  public static SelectionStrategy usageBased() {
    return new UsageBasedStrategy();
  }
}
