package dev.llmrouter.core.governance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.api.spi.BudgetStore.Hold;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class InMemoryBudgetStoreTest {
  private final AtomicLong millis = new AtomicLong(1_000);
  private final InMemoryBudgetStore store = new InMemoryBudgetStore(millis::get);

  @Test
  void reservesAllHoldsOrNone() {
    assertThat(store.reserve("r1", List.of(new Hold("a", 60, 100), new Hold("b", 60, 50)), 10_000)).isEqualTo(1);
    assertThat(store.reserved("a")).isZero();
    assertThat(store.reserve("r2", List.of(new Hold("a", 60, 100), new Hold("b", 60, -1)), 10_000)).isEqualTo(-1);
    assertThat(store.reserved("a")).isEqualTo(60);
    assertThat(store.reserved("b")).isEqualTo(60);
  }

  @Test
  void settlingReplacesTheReservationByTheSpendOnce() {
    store.reserve("r1", List.of(new Hold("a", 60, 100)), 10_000);
    store.settle("r1", List.of("a"), 25);
    assertThat(store.reserved("a")).isZero();
    assertThat(store.spent("a")).isEqualTo(25);
    assertThat(store.reserve("r2", List.of(new Hold("a", 75, 100)), 10_000)).isEqualTo(-1);
    assertThat(store.reserve("r3", List.of(new Hold("a", 1, 100)), 10_000)).isZero();
  }

  @Test
  void aReservationNeverSettledStopsCountingAtItsDeadline() {
    store.reserve("crashed", List.of(new Hold("a", 100, 100)), 5_000);
    assertThat(store.reserve("next", List.of(new Hold("a", 1, 100)), 5_000)).isZero();
    millis.addAndGet(5_000);
    assertThat(store.reserved("a")).isZero();
    assertThat(store.reserve("next", List.of(new Hold("a", 100, 100)), 5_000)).isEqualTo(-1);
    // a call that outlived its reservation is still billed in full
    store.settle("crashed", List.of("a"), 40);
    assertThat(store.spent("a")).isEqualTo(40);
    assertThat(store.reserved("a")).isEqualTo(100);
  }
}
