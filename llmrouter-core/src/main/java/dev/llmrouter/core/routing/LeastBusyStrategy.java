package dev.llmrouter.core.routing;

import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.spi.SelectionStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

final class LeastBusyStrategy implements SelectionStrategy {

  @Override
  public boolean readsRequestContent() {
    return false;
  }

  @Override
  public Candidate select(String group, List<Candidate> candidates, ChatRequest request) {
    int least = Integer.MAX_VALUE;
    for (Candidate candidate : candidates) {
      least = Math.min(least, candidate.inFlight());
    }
    List<Candidate> idlest = new ArrayList<>();
    for (Candidate candidate : candidates) {
      if (candidate.inFlight() == least) {
        idlest.add(candidate);
      }
    }
    // at low load every deployment is idle: a fixed tie-break would send everything to the first one
    return idlest.size() == 1 ? idlest.get(0) : WeightedRandomStrategy.pick(idlest, ThreadLocalRandom.current());
  }

  @Override
  public String toString() {
    return "leastBusy";
  }
}
