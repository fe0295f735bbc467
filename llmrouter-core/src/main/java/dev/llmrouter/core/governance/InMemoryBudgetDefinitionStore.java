package dev.llmrouter.core.governance;

import dev.llmrouter.api.spi.BudgetDefinitionStore;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;

/** Budgets set at run time, in memory: they last as long as the process. Thread-safe. */
public final class InMemoryBudgetDefinitionStore implements BudgetDefinitionStore {
  private final ConcurrentSkipListMap<String, Definition> byName = new ConcurrentSkipListMap<>();

  @Override
  public void saveBudget(Definition budget) {
    byName.put(budget.name(), budget);
  }

  @Override
  public boolean deleteBudget(String name) {
    return byName.remove(name) != null;
  }

  @Override
  public List<Definition> listBudgets() {
    return List.copyOf(byName.values());
  }
}
