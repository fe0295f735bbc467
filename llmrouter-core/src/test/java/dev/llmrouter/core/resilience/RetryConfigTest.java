package dev.llmrouter.core.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetryConfigTest {

  @Test
  void backoffDoublesUpToItsCapWithoutJitter() {
    RetryConfig config = RetryConfig.builder()
        .backoff(Duration.ofMillis(100), Duration.ofMillis(500)).jitter(0).build();
    assertThat(config.delayBeforeRetry(1, null)).isEqualTo(Duration.ofMillis(100));
    assertThat(config.delayBeforeRetry(2, null)).isEqualTo(Duration.ofMillis(200));
    assertThat(config.delayBeforeRetry(3, null)).isEqualTo(Duration.ofMillis(400));
    assertThat(config.delayBeforeRetry(4, null)).isEqualTo(Duration.ofMillis(500));
    assertThat(config.delayBeforeRetry(30, null)).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void jitterTakesARandomShareOffEachBackoffAndIsReproducibleWithASeed() {
    RetryConfig config = RetryConfig.builder()
        .backoff(Duration.ofMillis(1000), Duration.ofSeconds(60)).jitter(0.5).random(new Random(7)).build();
    RetryConfig same = config.toBuilder().random(new Random(7)).build();
    Duration previous = Duration.ZERO;
    for (int retry = 1; retry <= 5; retry++) {
      Duration nominal = Duration.ofMillis(1000L << (retry - 1));
      Duration delay = config.delayBeforeRetry(retry, null);
      assertThat(delay).isBetween(nominal.dividedBy(2), nominal);
      assertThat(same.delayBeforeRetry(retry, null)).isEqualTo(delay);
      previous = delay;
    }
    assertThat(previous).isGreaterThan(Duration.ofSeconds(8));

    Random draws = new Random(11);
    RetryConfig full = RetryConfig.builder().backoff(Duration.ofSeconds(1), Duration.ofSeconds(1))
        .jitter(1).random(draws).build();
    long distinct = IntStream.range(0, 50)
        .mapToObj(i -> full.delayBeforeRetry(1, null)).distinct().count();
    assertThat(distinct).as("full jitter spreads retries").isGreaterThan(40);
  }

  @Test
  void retryAfterIsHonouredWhenLongerThanTheBackoffAndWithinTheCap() {
    RetryConfig config = RetryConfig.builder().backoff(Duration.ofMillis(200), Duration.ofSeconds(2)).jitter(0)
        .maxRetryAfter(Duration.ofSeconds(30)).build();
    assertThat(config.delayBeforeRetry(1, Duration.ofSeconds(7))).isEqualTo(Duration.ofSeconds(7));
    assertThat(config.delayBeforeRetry(1, Duration.ofMillis(50))).isEqualTo(Duration.ofMillis(200));
    assertThat(config.waitsFor(Duration.ofSeconds(30))).isTrue();
    assertThat(config.waitsFor(Duration.ofSeconds(31))).isFalse();
    assertThat(config.waitsFor(null)).isTrue();
  }

  @Test
  void settingsAreCheckedWhenBuilt() {
    assertThatThrownBy(() -> RetryConfig.builder().maxAttempts(0)).hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> RetryConfig.builder().jitter(1.5)).hasMessageContaining("jitter");
    assertThatThrownBy(() -> RetryConfig.builder().backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessageContaining("shorter");
    assertThatThrownBy(() -> RetryConfig.builder().totalDeadline(Duration.ZERO)).hasMessageContaining("positive");
    assertThatThrownBy(() -> RetryConfig.DEFAULTS.delayBeforeRetry(0, null)).hasMessageContaining("from 1");
  }
}
