package dev.llmrouter.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.benchmarks.load.LoadRun.Mode;
import dev.llmrouter.benchmarks.load.LoadRun.Row;
import dev.llmrouter.benchmarks.load.LoadRun.Target;
import dev.llmrouter.benchmarks.load.LoadRun.Trickle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {
  /** req/s, p50 ms at one connection, CPU µs per request, for each target. */
  private static final Map<Target, double[]> FIGURES = Map.of(
      Target.DIRECT, new double[] {50_000, 0.05, 5},
      Target.NGINX, new double[] {20_000, 0.15, 10},
      Target.PASSTHROUGH, new double[] {12_000, 0.15, 25},
      Target.TRANSLATED, new double[] {6_000, 0.55, 40});

  @Test
  void headlineComparesWithNginxAndJudgesEachTarget() {
    String md = Report.markdown(Map.of(), rows(), trickles(), "1.50 1.0 1.0 1/100 1", "2.50 1.0 1.0 1/100 1", 8, 15);

    assertThat(md)
        .contains("| throughput at 64 connections, non-streaming, % of nginx's 20,000 req/s | 60% | 30% "
            + "| ≥ 50% / ≥ 35%: met / **not met** |")
        .contains("| CPU per request at 64 connections, non-streaming, × nginx's 10.0 µs | 2.5× (25.0 µs) "
            + "| 4.0× (40.0 µs) | ≤ 3×: met / **not met** |")
        .contains("| added p50 at 1 connection, non-streaming (nginx adds 0.100 ms) | 0.100 ms | 0.500 ms "
            + "| ≤ 0.15 ms: met / **not met** |")
        .contains("not delayed (≤ nginx's + 5 ms): met / **not met** |")
        .contains("| RSS with 1000 concurrent trickled streams, two waves: start → peak of wave 1 → peak of wave 2 "
            + "→ end | 300 → 400 → 410 → 310 MB (102 kB per stream; 2000 completed, 0 failed) | | "
            + "flat (wave 2 ≤ wave 1 + 5%): met |")
        .contains("load average 1.50 before, 2.50 after");
    assertThat(md).contains("| 64 | llmrouter passthrough (Chat → Chat) | 12,000 | 0.150 | 0.300 | 0.100 | 25.0 | 300 | 0 |");
  }

  private static List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    for (Mode mode : List.of(Mode.JSON, Mode.SSE)) {
      for (int connections : LoadRun.CONNECTIONS) {
        for (Target target : Target.values()) {
          double[] f = FIGURES.get(target);
          Wrk.Result wrk = new Wrk.Result((long) f[0] * 10, 10, f[1], f[1] * 2, 0, "");
          RawHttpLoad.Outcome first = mode.stream ? outcome(1, 2) : null;
          rows.add(new Row(mode, connections, target, wrk, f[2], target.ours() ? 300 * 1024 : 10 * 1024, first));
        }
      }
    }
    return rows;
  }

  private static List<Trickle> trickles() {
    return List.of(
        new Trickle(Target.DIRECT, 16, outcome(0.2, 3000), 10 * 1024, 10 * 1024, 10 * 1024),
        new Trickle(Target.NGINX, 16, outcome(1.0, 3000), 10 * 1024, 10 * 1024, 10 * 1024),
        new Trickle(Target.PASSTHROUGH, 16, outcome(1.5, 3000), 300 * 1024, 300 * 1024, 300 * 1024),
        new Trickle(Target.TRANSLATED, 16, outcome(41, 3000), 300 * 1024, 300 * 1024, 300 * 1024),
        new Trickle(Target.PASSTHROUGH, 1000, outcome(2, 3000, 1000), 300 * 1024, 400 * 1024, 400 * 1024),
        new Trickle(Target.PASSTHROUGH, 1000, outcome(2, 3000, 1000), 400 * 1024, 410 * 1024, 310 * 1024));
  }

  private static RawHttpLoad.Outcome outcome(double firstByteMillis, double totalMillis) {
    return outcome(firstByteMillis, totalMillis, 16);
  }

  private static RawHttpLoad.Outcome outcome(double firstByteMillis, double totalMillis, int count) {
    RawHttpLoad.Outcome outcome = new RawHttpLoad.Outcome();
    outcome.ok = count;
    outcome.seconds = 3;
    outcome.firstByteNanos = new long[count];
    outcome.totalNanos = new long[count];
    java.util.Arrays.fill(outcome.firstByteNanos, (long) (firstByteMillis * 1e6));
    java.util.Arrays.fill(outcome.totalNanos, (long) (totalMillis * 1e6));
    return outcome;
  }
}
