package dev.llmrouter.benchmarks.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs {@code wrk --latency} with a Lua script that POSTs a body, and reads its report. */
final class Wrk {
  private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in ([\\d.]+)(us|ms|s|m)");
  private static final Pattern PERCENTILE = Pattern.compile("^\\s*(50|99)(?:\\.000)?%\\s+([\\d.]+)(us|ms|s|m)\\s*$",
      Pattern.MULTILINE);
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
  private static final Pattern SOCKET_ERRORS = Pattern.compile(
      "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

  private Wrk() {}

  /** What one wrk run reported; latencies in milliseconds. */
  record Result(long requests, double seconds, double p50Millis, double p99Millis, long errors, String raw) {
    double perSecond() {
      return requests / seconds;
    }
  }

  /** The Lua script that makes wrk POST {@code body} with these headers. */
  static String script(Path body, Map<String, String> headers) {
    StringBuilder lua = new StringBuilder()
        .append("local f = assert(io.open(").append(luaString(body.toString())).append(", \"rb\"))\n")
        .append("wrk.body = f:read(\"*a\")\n")
        .append("f:close()\n")
        .append("wrk.method = \"POST\"\n")
        .append("wrk.headers[\"Content-Type\"] = \"application/json\"\n");
    headers.forEach((name, value) ->
        lua.append("wrk.headers[").append(luaString(name)).append("] = ").append(luaString(value)).append('\n'));
    return lua.toString();
  }

  private static String luaString(String text) {
    return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  static Result run(List<String> pinning, String url, Path script, int connections, double seconds)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(pinning);
    command.addAll(List.of("wrk", "-t1", "-c" + connections, "-d" + Math.max(1, Math.round(seconds)) + "s",
        "--timeout", "10s", "--latency", "-s", script.toString(), url));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor((long) seconds + 60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("wrk did not finish: " + command);
    }
    String text = new String(output, StandardCharsets.UTF_8);
    if (process.exitValue() != 0) {
      throw new IOException("wrk failed (" + process.exitValue() + "): " + text);
    }
    return parse(text);
  }

  static Result parse(String output) {
    Matcher requests = REQUESTS.matcher(output);
    if (!requests.find()) {
      throw new IllegalArgumentException("no request count in wrk's output:\n" + output);
    }
    double p50 = Double.NaN;
    double p99 = Double.NaN;
    for (Matcher m = PERCENTILE.matcher(output); m.find(); ) {
      double millis = millis(Double.parseDouble(m.group(2)), m.group(3));
      if (m.group(1).equals("50")) {
        p50 = millis;
      } else {
        p99 = millis;
      }
    }
    long errors = 0;
    Matcher non2xx = NON_2XX.matcher(output);
    if (non2xx.find()) {
      errors += Long.parseLong(non2xx.group(1));
    }
    Matcher socket = SOCKET_ERRORS.matcher(output);
    if (socket.find()) {
      for (int group = 1; group <= 4; group++) {
        errors += Long.parseLong(socket.group(group));
      }
    }
    return new Result(Long.parseLong(requests.group(1)), millis(Double.parseDouble(requests.group(2)),
        requests.group(3)) / 1000, p50, p99, errors, output);
  }

  private static double millis(double value, String unit) {
    return switch (unit) {
      case "us" -> value / 1000;
      case "ms" -> value;
      case "s" -> value * 1000;
      case "m" -> value * 60_000;
      default -> throw new IllegalArgumentException(unit);
    };
  }

  static Path writeScript(Path dir, String name, Path body, Map<String, String> headers) throws IOException {
    Path script = dir.resolve(name + ".lua");
    Files.writeString(script, script(body, headers));
    return script;
  }
}
