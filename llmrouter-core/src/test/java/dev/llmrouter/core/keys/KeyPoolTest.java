package dev.llmrouter.core.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.Secret;
import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.core.keys.KeyPool.KeyState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class KeyPoolTest {
  private final AtomicLong now = new AtomicLong(-5_000_000_000L); // nanoTime may be negative
  private final List<Secret> keys = Secret.parseList("k1 k2 k3");
  private final KeyPool pool = new KeyPool("p", keys, now::get);

  private List<String> draw(int n, List<Secret> allowed) {
    List<String> drawn = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Secret key = pool.next(allowed, Set.of());
      drawn.add(key == null ? null : key.reveal());
    }
    return drawn;
  }

  @Test
  void rotatesOverTheAllowedKeys() {
    assertThat(draw(6, keys)).containsExactly("k1", "k2", "k3", "k1", "k2", "k3");
    assertThat(draw(4, keys.subList(1, 3))).containsExactly("k2", "k3", "k2", "k3");
  }

  @Test
  void aRateLimitedKeyCoolsDownAndComesBackByItself() {
    pool.coolDown(keys.get(1), Duration.ofSeconds(30));
    assertThat(draw(4, keys)).containsOnly("k1", "k3");
    assertThat(pool.status()).extracting(KeyPool.KeyStatus::state)
        .containsExactly(KeyState.AVAILABLE, KeyState.COOLING_DOWN, KeyState.AVAILABLE);
    assertThat(pool.status().get(1).remainingCooldown()).isEqualTo(Duration.ofSeconds(30));

    now.addAndGet(Duration.ofSeconds(29).toNanos());
    assertThat(pool.hasUsable(List.of(keys.get(1)), Set.of())).isFalse();
    assertThat(pool.untilUsable(List.of(keys.get(1)))).isEqualTo(Duration.ofSeconds(1));
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(pool.hasUsable(List.of(keys.get(1)), Set.of())).isTrue();
    assertThat(draw(3, keys)).containsExactlyInAnyOrder("k1", "k2", "k3");
  }

  @Test
  void aLongerCooldownIsNotShortenedByALaterShortOne() {
    pool.coolDown(keys.get(0), Duration.ofSeconds(60));
    pool.coolDown(keys.get(0), Duration.ofSeconds(5));
    now.addAndGet(Duration.ofSeconds(10).toNanos());
    assertThat(pool.untilUsable(List.of(keys.get(0)))).isEqualTo(Duration.ofSeconds(50));
  }

  @Test
  void aRevokedKeyStaysOutUntilReinstatedAndExplainsWhy() {
    LlmException refused = LlmException.builder(ErrorKind.AUTHENTICATION, "bad key").upstreamStatus(401).build();
    pool.revoke(keys.get(0), refused);
    now.addAndGet(Duration.ofDays(1).toNanos());
    assertThat(draw(4, keys)).containsOnly("k2", "k3");
    assertThat(pool.untilUsable(List.of(keys.get(0)))).isNull();
    assertThat(pool.revocationCause(keys)).isSameAs(refused);
    pool.reinstate(keys.get(0));
    assertThat(pool.hasUsable(List.of(keys.get(0)), Set.of())).isTrue();
  }

  @Test
  void skippedKeysAreNotHandedOutAndEmptyMeansNone() {
    assertThat(pool.next(keys, Set.of(keys.get(0), keys.get(1)))).isEqualTo(keys.get(2));
    assertThat(pool.next(keys, Set.copyOf(keys))).isNull();
    KeyPool keyless = new KeyPool("local", List.of(), now::get);
    assertThat(keyless.isEmpty()).isTrue();
    assertThat(keyless.next(List.of(), Set.of())).isNull();
  }

  @Test
  void statusShowsFingerprintsNeverKeysAndForeignKeysAreRejected() {
    assertThat(pool.status()).extracting(KeyPool.KeyStatus::fingerprint)
        .containsExactly(keys.get(0).fingerprint(), keys.get(1).fingerprint(), keys.get(2).fingerprint());
    assertThat(pool.toString()).doesNotContain("k1").doesNotContain("k2").doesNotContain("k3");
    assertThatThrownBy(() -> pool.coolDown(Secret.of("sk-elsewhere"), Duration.ofSeconds(1)))
        .hasMessageContaining("not in the pool").hasMessageNotContaining("sk-elsewhere");
  }
}
