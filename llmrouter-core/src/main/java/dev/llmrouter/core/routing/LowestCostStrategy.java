package dev.llmrouter.core.routing;

import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.spi.SelectionStrategy;
import java.util.List;
import java.util.function.ToDoubleFunction;

final class LowestCostStrategy implements SelectionStrategy {
  private final ToDoubleFunction<Candidate> price;

  LowestCostStrategy(ToDoubleFunction<Candidate> price) {
    this.price = price;
  }

  @Override
  public boolean readsRequestContent() {
    return false;
  }

  @Override
  public Candidate select(String group, List<Candidate> candidates, ChatRequest request) {
    Candidate best = candidates.get(0);
    double bestPrice = price.applyAsDouble(best);
    for (int i = 1; i < candidates.size(); i++) {
      double candidatePrice = price.applyAsDouble(candidates.get(i));
      if (candidatePrice < bestPrice) {
        best = candidates.get(i);
        bestPrice = candidatePrice;
      }
    }
    return best;
  }

  @Override
  public String toString() {
    return "lowestCost";
  }
}
