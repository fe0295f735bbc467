package dev.llmrouter.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcStatTest {
  @Test
  void cpuIsUserPlusSystemTicksEvenWhenTheCommandNameHasSpacesAndParentheses() {
    String stat = "4242 (my (odd) name) S 1 4242 4242 0 -1 4194560 1000 0 0 0 731 269 0 0 20 0 40 0 100 "
        + "9000000000 60000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";

    assertThat(ProcStat.cpuTicks(stat)).isEqualTo(731 + 269);
  }

  @Test
  void rssIsVmRssInKilobytes() {
    String status = "Name:\tjava\nVmPeak:\t 9000000 kB\nVmRSS:\t  305412 kB\nRssAnon:\t  280000 kB\n";

    assertThat(ProcStat.rssKb(status)).isEqualTo(305412);
  }

  @Test
  void readsThisProcess() throws Exception {
    long pid = ProcessHandle.current().pid();

    assertThat(ProcStat.rssKb(pid)).isPositive();
    assertThat(ProcStat.cpuTicks(pid)).isNotNegative();
  }
}
