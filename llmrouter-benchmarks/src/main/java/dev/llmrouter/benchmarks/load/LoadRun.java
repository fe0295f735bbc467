package dev.llmrouter.benchmarks.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The measuring half of {@code llmrouter-benchmarks/load/run.sh}: the script starts the fake upstream,
 * the nginx reverse proxy and our proxy, and hands their ports and pids to this class, which sends the
 * same load to each, reads their CPU time and RSS from {@code /proc}, and writes the Markdown report.
 *
 * <p>Throughput and latency come from wrk; time to first byte of streams from {@link RawHttpLoad},
 * the same client for every target so that their ratios hold.
 */
public final class LoadRun {
  static final int[] CONNECTIONS = {1, 16, 64};
  private static final Pattern MODEL = Pattern.compile("\"model\"\\s*:\\s*\"[^\"]*\"");

  /** What the client sends and what the fake upstream answers. */
  enum Mode {
    JSON("non-streaming", "json", false),
    SSE("streaming", "sse", true),
    SLOW("trickled stream", "slow", true);

    final String label;
    final String upstreamDirectory;
    final boolean stream;

    Mode(String label, String upstreamDirectory, boolean stream) {
      this.label = label;
      this.upstreamDirectory = upstreamDirectory;
      this.stream = stream;
    }
  }

  /** Where the load goes. */
  enum Target {
    DIRECT("fake upstream, direct"),
    NGINX("nginx reverse proxy"),
    PASSTHROUGH("llmrouter passthrough (Chat → Chat)"),
    TRANSLATED("llmrouter translated (Anthropic → Chat)");

    final String label;

    Target(String label) {
      this.label = label;
    }

    boolean ours() {
      return this == PASSTHROUGH || this == TRANSLATED;
    }
  }

  /** One request, ready for both clients. */
  record Call(int port, long pid, String path, byte[] body, Map<String, String> headers) {
    String url() {
      return "http://127.0.0.1:" + port + path;
    }
  }

  /** A measured row. */
  record Row(Mode mode, int connections, Target target, Wrk.Result wrk, double cpuMicrosPerRequest, long rssKb,
      RawHttpLoad.Outcome firstBytes) {}

  /** The trickled-stream test of one target. */
  record Trickle(Target target, int streams, RawHttpLoad.Outcome outcome, long rssStartKb, long rssPeakKb,
      long rssEndKb) {}

  private final Map<String, String> options;
  private final Map<Target, Integer> ports = new EnumMap<>(Target.class);
  private final Map<Target, Long> pids = new EnumMap<>(Target.class);
  private final double seconds;
  private final double warmupSeconds;
  private final int streams;
  private final long ticksPerSecond;
  private final List<String> pinning;
  private final Path work;

  LoadRun(Map<String, String> options) throws IOException {
    this.options = options;
    ports.put(Target.DIRECT, Integer.parseInt(required("upstream-port")));
    ports.put(Target.NGINX, Integer.parseInt(required("nginx-port")));
    ports.put(Target.PASSTHROUGH, Integer.parseInt(required("proxy-port")));
    ports.put(Target.TRANSLATED, Integer.parseInt(required("proxy-port")));
    pids.put(Target.DIRECT, Long.parseLong(required("upstream-pid")));
    pids.put(Target.NGINX, Long.parseLong(required("nginx-pid")));
    pids.put(Target.PASSTHROUGH, Long.parseLong(required("proxy-pid")));
    pids.put(Target.TRANSLATED, Long.parseLong(required("proxy-pid")));
    seconds = Double.parseDouble(options.getOrDefault("seconds", "8"));
    warmupSeconds = Double.parseDouble(options.getOrDefault("warmup", "10"));
    streams = Integer.parseInt(options.getOrDefault("streams", "1000"));
    ticksPerSecond = Long.parseLong(options.getOrDefault("clk-tck", "100"));
    String loadCpus = options.getOrDefault("load-cpus", "");
    pinning = loadCpus.isBlank() ? List.of() : List.of("taskset", "-c", loadCpus);
    work = Files.createDirectories(Path.of(required("work")));
  }

  private String required(String name) {
    String value = options.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("missing --" + name + "=");
    }
    return value;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new LinkedHashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("expected --name=value, got " + arg);
      }
      options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    String report = new LoadRun(options).run();
    System.out.println(report);
    String out = options.get("out");
    if (out != null) {
      Files.createDirectories(Path.of(out).toAbsolutePath().getParent());
      Files.writeString(Path.of(out), report);
      System.err.println("report written to " + out);
    }
  }

  String run() throws Exception {
    String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
    for (Mode mode : Mode.values()) {
      for (Target target : Target.values()) {
        check(target, mode);
      }
    }
    if (options.containsKey("streams-only")) {
      List<Trickle> trickles = new ArrayList<>();
      trickles.add(trickle(Target.PASSTHROUGH, 16));
      trickles.add(trickle(Target.PASSTHROUGH, streams));
      trickles.add(trickle(Target.PASSTHROUGH, streams));
      return Report.trickleTable(trickles);
    }
    progress("all targets answer; warming up (" + warmupSeconds + " s per mode and route)");
    // at every concurrency: C2 recompiles when one connection's profile follows 64's, and the JIT's CPU
    // would otherwise be charged to the first rows
    for (int connections : CONNECTIONS) {
      for (Mode mode : List.of(Mode.JSON, Mode.SSE)) {
        for (Target target : Target.values()) {
          double warmup = target.ours() ? warmupSeconds / CONNECTIONS.length : 1;
          Wrk.run(pinning, call(target, mode).url(), script(target, mode), connections, warmup);
        }
      }
    }
    List<Row> rows = new ArrayList<>();
    for (Mode mode : List.of(Mode.JSON, Mode.SSE)) {
      for (int connections : CONNECTIONS) {
        for (Target target : Target.values()) {
          rows.add(measure(target, mode, connections));
        }
      }
    }
    List<Trickle> trickles = new ArrayList<>();
    for (Target target : Target.values()) {
      trickles.add(trickle(target, 16));
    }
    // twice: memory that a second wave of streams adds on top of the first is memory kept per stream
    trickles.add(trickle(Target.PASSTHROUGH, streams));
    trickles.add(trickle(Target.PASSTHROUGH, streams));
    String loadAfter = Files.readString(Path.of("/proc/loadavg")).trim();
    return Report.markdown(options, rows, trickles, loadBefore, loadAfter, seconds, warmupSeconds);
  }

  private Row measure(Target target, Mode mode, int connections) throws Exception {
    Call call = call(target, mode);
    long pid = pids.get(target);
    long ticksBefore = ProcStat.cpuTicks(pid);
    Wrk.Result wrk = Wrk.run(pinning, call.url(), script(target, mode), connections, seconds);
    long ticks = ProcStat.cpuTicks(pid) - ticksBefore;
    long rss = ProcStat.rssKb(pid);
    double cpuMicros = wrk.requests() == 0 ? Double.NaN : ticks * 1e6 / ticksPerSecond / wrk.requests();
    RawHttpLoad.Outcome firstBytes = null;
    if (mode.stream) {
      byte[] request = RawHttpLoad.post(call.port(), call.path(), call.headers(), call.body());
      firstBytes = RawHttpLoad.forDuration(call.port(), request, connections, Math.max(1, seconds / 2));
    }
    progress(String.format(Locale.ROOT, "%-9s c=%-3d %-40s %,9.0f req/s  p50 %.3f ms  p99 %.3f ms  CPU %.1f µs/req%s",
        mode.upstreamDirectory, connections, target.label, wrk.perSecond(), wrk.p50Millis(), wrk.p99Millis(), cpuMicros,
        wrk.errors() > 0 ? "  ERRORS " + wrk.errors() : ""));
    return new Row(mode, connections, target, wrk, cpuMicros, rss, firstBytes);
  }

  /** {@code count} slow streams at once; samples the server's RSS every 100 ms while they run. */
  private Trickle trickle(Target target, int count) throws Exception {
    Call call = call(target, Mode.SLOW);
    long pid = pids.get(target);
    long start = ProcStat.rssKb(pid);
    AtomicLong peak = new AtomicLong(start);
    AtomicBoolean done = new AtomicBoolean();
    Thread sampler = new Thread(() -> {
      while (!done.get()) {
        try {
          peak.accumulateAndGet(ProcStat.rssKb(pid), Math::max);
          Thread.sleep(100);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "rss-sampler");
    sampler.setDaemon(true);
    sampler.start();
    byte[] request = RawHttpLoad.post(call.port(), call.path(), call.headers(), call.body());
    RawHttpLoad.Outcome outcome = RawHttpLoad.oncePerConnection(call.port(), request, count);
    done.set(true);
    sampler.join();
    Thread.sleep(count > 100 ? 3000 : 0); // let the server let go of what the streams held
    long end = ProcStat.rssKb(pid);
    peak.accumulateAndGet(end, Math::max);
    progress(String.format(Locale.ROOT, "trickle %-40s %4d streams: %d ok, %d failed, first byte p50 %.1f ms, "
            + "RSS %d → %d → %d MB%s", target.label, count, outcome.ok, outcome.failed,
        RawHttpLoad.percentileMillis(outcome.firstByteNanos, 0.5), start / 1024, peak.get() / 1024, end / 1024,
        outcome.firstFailure == null ? "" : " (" + outcome.firstFailure + ")"));
    return new Trickle(target, count, outcome, start, peak.get(), end);
  }

  /** One exchange per target and mode before anything is measured: a wrong setup fails loudly, not as a fast 404. */
  private void check(Target target, Mode mode) throws IOException {
    Call call = call(target, mode);
    try (RawHttpLoad.Connection connection = new RawHttpLoad.Connection(call.port(), true)) {
      RawHttpLoad.Exchange exchange = connection.exchange(
          RawHttpLoad.post(call.port(), call.path(), call.headers(), call.body()));
      String body = new String(exchange.body(), StandardCharsets.UTF_8);
      String expected = mode.stream
          ? (target == Target.TRANSLATED ? "event: message_stop" : "data: [DONE]")
          : (target == Target.TRANSLATED ? "\"type\":\"message\"" : "\"chat.completion\"");
      if (exchange.status() != 200 || !body.replace(" ", "").contains(expected.replace(" ", ""))) {
        throw new IllegalStateException(target.label + ", " + mode.label + ": POST " + call.url() + " answered "
            + exchange.status() + " without " + expected + ":\n" + body);
      }
    }
  }

  Call call(Target target, Mode mode) {
    int port = ports.get(target);
    long pid = pids.get(target);
    String upstreamModel = "bench-" + mode.upstreamDirectory;
    return switch (target) {
      case DIRECT, NGINX -> new Call(port, pid, "/" + mode.upstreamDirectory + "/v1/chat/completions",
          body("openai-chat", "gpt-5.4-mini", mode.stream), Map.of());
      case PASSTHROUGH -> new Call(port, pid, "/v1/chat/completions", body("openai-chat", upstreamModel, mode.stream),
          Map.of("Authorization", "Bearer load-test"));
      case TRANSLATED -> new Call(port, pid, "/v1/messages", body("anthropic", upstreamModel, mode.stream),
          Map.of("x-api-key", "load-test", "anthropic-version", "2023-06-01"));
    };
  }

  private Path script(Target target, Mode mode) throws IOException {
    Call call = call(target, mode);
    String name = target.name().toLowerCase(Locale.ROOT) + "-" + mode.upstreamDirectory;
    Path body = work.resolve(name + ".json");
    Files.write(body, call.body());
    return Wrk.writeScript(work, name, body, call.headers());
  }

  /** A golden request of {@code llmrouter-benchmarks}' payloads with the model replaced and {@code stream} set. */
  static byte[] body(String protocol, String model, boolean stream) {
    String request;
    try (InputStream in = LoadRun.class.getResourceAsStream("/payloads/" + protocol + "/request.json")) {
      if (in == null) {
        throw new IllegalStateException("no payload for " + protocol);
      }
      request = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Matcher matcher = MODEL.matcher(request);
    if (!matcher.find()) {
      throw new IllegalStateException("no model in the " + protocol + " payload");
    }
    String replacement = "\"model\": \"" + model + "\"" + (stream ? ", \"stream\": true" : "");
    return (request.substring(0, matcher.start()) + replacement + request.substring(matcher.end()))
        .getBytes(StandardCharsets.UTF_8);
  }

  static void progress(String line) {
    System.err.println("[load] " + line);
  }

  static String today() {
    return LocalDate.now(ZoneOffset.UTC).toString();
  }
}
