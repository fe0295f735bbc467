package dev.llmrouter.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WrkTest {
  // wrk 4.1.0's report, as Debian's wrk prints it
  private static final String CLEAN = """
      Running 20s test @ http://127.0.0.1:18082/v1/chat/completions
        1 threads and 16 connections
        Thread Stats   Avg      Stdev     Max   +/- Stdev
          Latency    24.37ms   30.08ms 419.55ms   93.82%
          Req/Sec   816.07    339.83     2.10k    69.27%
        Latency Distribution
           50%  180.00us
           75%   27.48ms
           90%   43.55ms
           99%    1.52s
        16082 requests in 20.05s, 12.67MB read
      Requests/sec:    802.12
      Transfer/sec:    647.17KB
      """;

  @Test
  void readsCountDurationAndPercentilesInMilliseconds() {
    Wrk.Result result = Wrk.parse(CLEAN);

    assertThat(result.requests()).isEqualTo(16082);
    assertThat(result.seconds()).isCloseTo(20.05, within(1e-9));
    assertThat(result.p50Millis()).isCloseTo(0.18, within(1e-9));
    assertThat(result.p99Millis()).isCloseTo(1520, within(1e-9));
    assertThat(result.perSecond()).isCloseTo(802.1, within(0.1));
    assertThat(result.errors()).isZero();
  }

  @Test
  void countsErrorAnswersAndSocketErrors() {
    String failing = CLEAN.replace("Requests/sec:", """
          Socket errors: connect 0, read 2, write 1, timeout 4
          Non-2xx or 3xx responses: 10
        Requests/sec:""");

    assertThat(Wrk.parse(failing).errors()).isEqualTo(17);
  }

  @Test
  void refusesOutputWithoutARequestCount() {
    assertThatThrownBy(() -> Wrk.parse("unable to connect to 127.0.0.1:1 Connection refused"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Connection refused");
  }

  @Test
  void scriptPostsTheBodyFileWithQuotedHeaders() {
    String lua = Wrk.script(Path.of("/tmp/a \"b\".json"), Map.of("x-api-key", "k\\1"));

    assertThat(lua)
        .contains("io.open(\"/tmp/a \\\"b\\\".json\", \"rb\")")
        .contains("wrk.method = \"POST\"")
        .contains("wrk.headers[\"x-api-key\"] = \"k\\\\1\"");
  }
}
