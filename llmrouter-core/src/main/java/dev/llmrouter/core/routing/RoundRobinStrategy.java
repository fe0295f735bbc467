package dev.llmrouter.core.routing;

import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.spi.SelectionStrategy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

final class RoundRobinStrategy implements SelectionStrategy {
  private final Map<String, AtomicInteger> turns = new ConcurrentHashMap<>();

  @Override
  public boolean readsRequestContent() {
    return false;
  }

  @Override
  public Candidate select(String group, List<Candidate> candidates, ChatRequest request) {
    int turn = turns.computeIfAbsent(group, g -> new AtomicInteger()).getAndIncrement();
    return candidates.get(Math.floorMod(turn, candidates.size()));
  }

  @Override
  public String toString() {
    return "roundRobin";
  }
}
