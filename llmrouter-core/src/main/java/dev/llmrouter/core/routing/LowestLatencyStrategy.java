package dev.llmrouter.core.routing;

import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.spi.SelectionStrategy;
import java.time.Duration;
import java.util.List;

final class LowestLatencyStrategy implements SelectionStrategy {

  @Override
  public boolean readsRequestContent() {
    return false;
  }

  @Override
  public Candidate select(String group, List<Candidate> candidates, ChatRequest request) {
    Candidate best = null;
    Duration bestLatency = null;
    for (Candidate candidate : candidates) {
      Duration latency = request.stream() ? candidate.averageTimeToFirstToken() : candidate.averageLatency();
      if (latency == null) {
        return candidate;
      }
      if (bestLatency == null || latency.compareTo(bestLatency) < 0) {
        best = candidate;
        bestLatency = latency;
      }
    }
    return best;
  }

  @Override
  public String toString() {
    return "lowestLatency";
  }
}
