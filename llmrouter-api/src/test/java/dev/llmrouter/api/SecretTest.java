package dev.llmrouter.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretTest {
  @Test
  void toStringShowsAFingerprintNeverTheValue() {
    Secret secret = Secret.of("sk-ant-api03-VERYSECRET");
    assertThat(secret.toString()).doesNotContain("VERYSECRET").doesNotContain("sk-ant").startsWith("Secret[key-");
    assertThat(secret.fingerprint()).matches("key-[0-9a-f]{8}");
    assertThat(secret.reveal()).isEqualTo("sk-ant-api03-VERYSECRET");
  }

  @Test
  void fingerprintIsStableAndDistinguishesKeys() {
    assertThat(Secret.of("a").fingerprint()).isEqualTo(Secret.of(" a ").fingerprint());
    assertThat(Secret.of("a").fingerprint()).isNotEqualTo(Secret.of("b").fingerprint());
    assertThat(Secret.of("a")).isEqualTo(Secret.of("a")).isNotEqualTo(Secret.of("b"));
  }

  @Test
  void parsesSpaceSeparatedKeyPools() {
    assertThat(Secret.parseList(" k1  k2\tk3,k4 ")).extracting(Secret::reveal).containsExactly("k1", "k2", "k3", "k4");
    assertThat(Secret.parseList(null)).isEmpty();
    assertThat(Secret.parseList("  ")).isEmpty();
    assertThatThrownBy(() -> Secret.of(" ")).isInstanceOf(IllegalArgumentException.class);
  }
}
