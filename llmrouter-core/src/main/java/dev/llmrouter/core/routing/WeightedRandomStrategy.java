package dev.llmrouter.core.routing;

import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.spi.SelectionStrategy;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

final class WeightedRandomStrategy implements SelectionStrategy {
  private final Random random;

  WeightedRandomStrategy(Random random) {
    this.random = random;
  }

  @Override
  public boolean readsRequestContent() {
    return false;
  }

  @Override
  public Candidate select(String group, List<Candidate> candidates, ChatRequest request) {
    return pick(candidates, random == null ? ThreadLocalRandom.current() : random);
  }

  /** A draw in proportion to the weights; uniform when every weight is 0. */
  static Candidate pick(List<Candidate> candidates, Random random) {
    long total = 0;
    for (Candidate candidate : candidates) {
      total += candidate.weight();
    }
    if (total == 0) {
      return candidates.get(random.nextInt(candidates.size()));
    }
    long draw = (long) (random.nextDouble() * total);
    for (Candidate candidate : candidates) {
      draw -= candidate.weight();
      if (draw < 0) {
        return candidate;
      }
    }
    return candidates.get(candidates.size() - 1);
  }

  @Override
  public String toString() {
    return "weightedRandom";
  }
}
