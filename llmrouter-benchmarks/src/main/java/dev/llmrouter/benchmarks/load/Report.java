package dev.llmrouter.benchmarks.load;

import dev.llmrouter.benchmarks.load.LoadRun.Mode;
import dev.llmrouter.benchmarks.load.LoadRun.Row;
import dev.llmrouter.benchmarks.load.LoadRun.Target;
import dev.llmrouter.benchmarks.load.LoadRun.Trickle;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The Markdown report of a load run: raw rows first, then the ratios against nginx that are the headline. */
final class Report {
  /**
   * A delayed first byte is Nagle's algorithm against delayed ACKs (≥ 40 ms) or a buffered stream (the
   * whole 3 s); a few milliseconds are the proxy's cost per request at 16 concurrent streams.
   */
  private static final double DELAYED_MILLIS = 5;

  private Report() {}

  static String markdown(Map<String, String> options, List<Row> rows, List<Trickle> trickles, String loadBefore,
      String loadAfter, double seconds, double warmup) {
    StringBuilder md = new StringBuilder();
    md.append("## Through the proxy: ").append(LoadRun.today()).append(options.containsKey("quick") ? " (--quick)" : "")
        .append("\n\n");
    md.append("Each row: wrk, one thread, ").append(fmt0(seconds)).append(" s, keep-alive connections; JVM warmed up ")
        .append(fmt0(warmup)).append(" s per route and mode, spread over the three concurrencies. Time to first byte: the same load for ")
        .append(fmt0(Math.max(1, seconds / 2))).append(" s from a socket client that timestamps the first body byte. ")
        .append("CPU: utime+stime of the server process (nginx: its one process; llmrouter: the whole JVM) over the wrk run, ")
        .append("per request. RSS: VmRSS after the run. 1-minute load average ")
        .append(loadBefore.split(" ")[0]).append(" before, ").append(loadAfter.split(" ")[0]).append(" after.\n\n");
    String setup = options.get("setup");
    if (setup != null && !setup.isBlank()) {
      md.append(setup).append("\n\n");
    }
    headline(md, rows, trickles);
    for (Mode mode : List.of(Mode.JSON, Mode.SSE)) {
      table(md, mode, rows);
    }
    trickles(md, trickles);
    return md.toString();
  }

  private static void headline(StringBuilder md, List<Row> rows, List<Trickle> trickles) {
    md.append("### Headline: llmrouter against nginx in the same run\n\n");
    md.append("| measure | passthrough (Chat → Chat) | translated (Anthropic → Chat) | target |\n|---|---:|---:|---|\n");
    for (Mode mode : List.of(Mode.JSON, Mode.SSE)) {
      Row nginx = row(rows, mode, 64, Target.NGINX);
      Row passthrough = row(rows, mode, 64, Target.PASSTHROUGH);
      Row translated = row(rows, mode, 64, Target.TRANSLATED);
      double passRatio = passthrough.wrk().perSecond() / nginx.wrk().perSecond();
      double transRatio = translated.wrk().perSecond() / nginx.wrk().perSecond();
      md.append("| throughput at 64 connections, ").append(mode.label).append(", % of nginx's ")
          .append(fmt0(nginx.wrk().perSecond())).append(" req/s | ")
          .append(pct(passRatio)).append(" | ").append(pct(transRatio)).append(" | ≥ 50% / ≥ 35%: ")
          .append(verdict(passRatio >= 0.5)).append(" / ").append(verdict(transRatio >= 0.35)).append(" |\n");
      double passCpu = passthrough.cpuMicrosPerRequest() / nginx.cpuMicrosPerRequest();
      double transCpu = translated.cpuMicrosPerRequest() / nginx.cpuMicrosPerRequest();
      md.append("| CPU per request at 64 connections, ").append(mode.label).append(", × nginx's ")
          .append(fmt1(nginx.cpuMicrosPerRequest())).append(" µs | ")
          .append(fmt1(passCpu)).append("× (").append(fmt1(passthrough.cpuMicrosPerRequest())).append(" µs) | ")
          .append(fmt1(transCpu)).append("× (").append(fmt1(translated.cpuMicrosPerRequest())).append(" µs) | ≤ 3×: ")
          .append(verdict(passCpu <= 3)).append(" / ").append(verdict(transCpu <= 3)).append(" |\n");
      double direct = row(rows, mode, 1, Target.DIRECT).wrk().p50Millis();
      double nginxAdded = row(rows, mode, 1, Target.NGINX).wrk().p50Millis() - direct;
      double passAdded = row(rows, mode, 1, Target.PASSTHROUGH).wrk().p50Millis() - direct;
      double transAdded = row(rows, mode, 1, Target.TRANSLATED).wrk().p50Millis() - direct;
      md.append("| added p50 at 1 connection, ").append(mode.label).append(" (nginx adds ").append(ms(nginxAdded))
          .append(" ms) | ").append(ms(passAdded)).append(" ms | ").append(ms(transAdded)).append(" ms | ≤ 0.15 ms: ")
          .append(verdict(passAdded <= 0.15)).append(" / ").append(verdict(transAdded <= 0.15)).append(" |\n");
    }
    Trickle nginx = trickle(trickles, Target.NGINX, 16);
    Trickle passthrough = trickle(trickles, Target.PASSTHROUGH, 16);
    Trickle translated = trickle(trickles, Target.TRANSLATED, 16);
    double nginxFirst = RawHttpLoad.percentileMillis(nginx.outcome().firstByteNanos, 0.5);
    double passFirst = RawHttpLoad.percentileMillis(passthrough.outcome().firstByteNanos, 0.5);
    double transFirst = RawHttpLoad.percentileMillis(translated.outcome().firstByteNanos, 0.5);
    md.append("| time to first byte of a trickled stream, p50 of 16 (nginx: ").append(ms(nginxFirst))
        .append(" ms; the whole stream takes ")
        .append(fmt0(RawHttpLoad.percentileMillis(nginx.outcome().totalNanos, 0.5))).append(" ms) | ")
        .append(ms(passFirst)).append(" ms | ").append(ms(transFirst))
        .append(" ms | not delayed (≤ nginx's + 5 ms): ").append(verdict(passFirst <= nginxFirst + DELAYED_MILLIS))
        .append(" / ").append(verdict(transFirst <= nginxFirst + DELAYED_MILLIS)).append(" |\n");
    List<Trickle> waves = trickles.stream().filter(t -> t.streams() > 16).toList();
    if (waves.size() >= 2) {
      Trickle first = waves.get(0);
      Trickle second = waves.get(waves.size() - 1);
      long ok = waves.stream().mapToLong(t -> t.outcome().ok).sum();
      long failed = waves.stream().mapToLong(t -> t.outcome().failed).sum();
      boolean flat = second.rssPeakKb() <= first.rssPeakKb() * 1.05;
      md.append("| RSS with ").append(first.streams()).append(" concurrent trickled streams, two waves: start → ")
          .append("peak of wave 1 → peak of wave 2 → end | ")
          .append(mb(first.rssStartKb())).append(" → ").append(mb(first.rssPeakKb())).append(" → ")
          .append(mb(second.rssPeakKb())).append(" → ").append(mb(second.rssEndKb())).append(" MB (")
          .append(fmt0((first.rssPeakKb() - first.rssStartKb()) / (double) first.streams()))
          .append(" kB per stream; ").append(ok).append(" completed, ").append(failed).append(" failed) | | ")
          .append("flat (wave 2 ≤ wave 1 + 5%): ").append(verdict(flat && failed == 0)).append(" |\n");
    }
    md.append('\n');
  }

  private static void table(StringBuilder md, Mode mode, List<Row> rows) {
    md.append("### ").append(mode == Mode.JSON ? "Non-streaming" : "Streaming").append("\n\n");
    md.append("| connections | target | req/s | p50 ms | p99 ms | added p50 ms |");
    if (mode.stream) {
      md.append(" first byte p50 ms | first byte p99 ms |");
    }
    md.append(" CPU µs/request | RSS MB | errors |\n|---:|---|---:|---:|---:|---:|");
    if (mode.stream) {
      md.append("---:|---:|");
    }
    md.append("---:|---:|---:|\n");
    for (int connections : LoadRun.CONNECTIONS) {
      double direct = row(rows, mode, connections, Target.DIRECT).wrk().p50Millis();
      for (Target target : Target.values()) {
        Row row = row(rows, mode, connections, target);
        md.append("| ").append(connections).append(" | ").append(target.label).append(" | ")
            .append(fmt0(row.wrk().perSecond())).append(" | ").append(ms(row.wrk().p50Millis())).append(" | ")
            .append(ms(row.wrk().p99Millis())).append(" | ")
            .append(target == Target.DIRECT ? "–" : ms(row.wrk().p50Millis() - direct)).append(" |");
        if (mode.stream) {
          RawHttpLoad.Outcome first = row.firstBytes();
          md.append(' ').append(ms(RawHttpLoad.percentileMillis(first.firstByteNanos, 0.5))).append(" | ")
              .append(ms(RawHttpLoad.percentileMillis(first.firstByteNanos, 0.99))).append(" |");
        }
        long errors = row.wrk().errors() + (row.firstBytes() == null ? 0 : row.firstBytes().failed);
        md.append(' ').append(fmt1(row.cpuMicrosPerRequest())).append(" | ").append(mb(row.rssKb())).append(" | ")
            .append(errors).append(" |\n");
      }
    }
    md.append('\n');
  }

  /** Only the trickled-stream table ({@code run.sh --streams-only}). */
  static String trickleTable(List<Trickle> trickles) {
    StringBuilder md = new StringBuilder();
    trickles(md, trickles);
    return md.toString();
  }

  private static void trickles(StringBuilder md, List<Trickle> trickles) {
    md.append("### Trickled streams (the fake upstream sends 1 kB/s: a burst of the first events, then the rest)\n\n");
    md.append("| target | concurrent streams | completed | failed | first byte p50 ms | first byte p99 ms | "
        + "whole stream p50 ms | whole stream max ms | RSS start → peak → end MB |\n"
        + "|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (Trickle trickle : trickles) {
      RawHttpLoad.Outcome outcome = trickle.outcome();
      md.append("| ").append(trickle.target().label).append(" | ").append(trickle.streams()).append(" | ")
          .append(outcome.ok).append(" | ").append(outcome.failed).append(" | ")
          .append(ms(RawHttpLoad.percentileMillis(outcome.firstByteNanos, 0.5))).append(" | ")
          .append(ms(RawHttpLoad.percentileMillis(outcome.firstByteNanos, 0.99))).append(" | ")
          .append(fmt0(RawHttpLoad.percentileMillis(outcome.totalNanos, 0.5))).append(" | ")
          .append(fmt0(RawHttpLoad.percentileMillis(outcome.totalNanos, 1.0))).append(" | ")
          .append(mb(trickle.rssStartKb())).append(" → ").append(mb(trickle.rssPeakKb())).append(" → ")
          .append(mb(trickle.rssEndKb())).append(" |\n");
      if (outcome.firstFailure != null) {
        md.append("|  | first failure: ").append(outcome.firstFailure.replace("|", "\\|").replace("\n", " "))
            .append(" | | | | | | | |\n");
      }
    }
    md.append('\n');
  }

  static Row row(List<Row> rows, Mode mode, int connections, Target target) {
    return rows.stream()
        .filter(r -> r.mode() == mode && r.connections() == connections && r.target() == target)
        .findFirst().orElseThrow();
  }

  private static Trickle trickle(List<Trickle> trickles, Target target, int streams) {
    return trickles.stream().filter(t -> t.target() == target && t.streams() == streams).findFirst().orElseThrow();
  }

  private static String verdict(boolean met) {
    return met ? "met" : "**not met**";
  }

  private static String pct(double ratio) {
    return String.format(Locale.ROOT, "%.0f%%", ratio * 100);
  }

  static String ms(double millis) {
    return Double.isNaN(millis) ? "–" : String.format(Locale.ROOT, "%.3f", millis);
  }

  private static String mb(long kb) {
    return String.format(Locale.ROOT, "%.0f", kb / 1024.0);
  }

  private static String fmt0(double value) {
    return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%,.0f", value);
  }

  private static String fmt1(double value) {
    return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.1f", value);
  }
}
