package dev.llmrouter.core.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.error.AuthenticationException;
import dev.llmrouter.api.spi.VirtualKeyRecord;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class VirtualKeysTest {
  private final MutableClock clock = new MutableClock("2026-11-23T10:00:00Z");
  private final InMemoryKeyStore store = new InMemoryKeyStore();
  private final VirtualKeys keys = Governance.builder().keyStore(store).clock(clock).build().keys();

  @Test
  void mintedSecretIsShownOnceAndOnlyItsKeyedHashIsStored() {
    MintedKey minted = keys.mint(KeySpec.builder().team("eng").user("ada").build());
    assertThat(minted.secret()).startsWith("sk-llmr-").hasSizeGreaterThan(40);
    assertThat(minted.toString()).doesNotContain(minted.secret());
    VirtualKeyRecord stored = store.findById(minted.record().id()).orElseThrow();
    assertThat(stored.toString()).doesNotContain(minted.secret()).doesNotContain(stored.hash());
    assertThat(stored.hash()).hasSize(64).doesNotContain(minted.secret().substring(8));
    // keyed with the store's own secret: the same key in another store hashes differently
    VirtualKeys other = Governance.builder().keyStore(new InMemoryKeyStore()).clock(clock).build().keys();
    assertThat(other.mint(KeySpec.builder().build()).record().hash()).isNotEqualTo(stored.hash());
    assertThat(keys.authenticate(minted.secret()).team()).isEqualTo("eng");
  }

  @Test
  void missingUnknownRevokedAndExpiredKeysAreRefusedWithoutShowingTheSecret() {
    MintedKey minted = keys.mint(KeySpec.builder().expiresAt(Instant.parse("2026-11-24T00:00:00Z")).build());
    assertThatThrownBy(() -> keys.authenticate(null)).isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("required");
    assertThatThrownBy(() -> keys.authenticate(minted.secret() + "x")).isInstanceOf(AuthenticationException.class)
        .hasMessage("invalid virtual key");

    clock.advance(Duration.ofDays(1));
    assertThatThrownBy(() -> keys.authenticate(minted.secret())).isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("expired").hasMessageNotContaining(minted.secret());

    MintedKey second = keys.mint(KeySpec.builder().build());
    assertThat(keys.revoke(second.record().id())).isTrue();
    assertThatThrownBy(() -> keys.authenticate(second.secret())).isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("revoked").hasMessageNotContaining(second.secret());
    assertThat(keys.revoke("vk_nope")).isFalse();
  }

  @Test
  void aTrustedKeyIsLetInAsItsOwnIdWithNoLimitsOfItsOwnAndIsNeverListed() {
    keys.trust("proxy:master", dev.llmrouter.api.Secret.of("the-proxy-master-key"));
    VirtualKeyRecord trusted = keys.authenticate(" the-proxy-master-key ");
    assertThat(trusted.id()).isEqualTo("proxy:master");
    assertThat(trusted.allowedModels()).isEmpty();
    assertThat(trusted.budgetNanos()).isEqualTo(-1);
    assertThat(trusted.rpm()).isZero();
    assertThat(trusted.toString()).doesNotContain("the-proxy-master-key");
    assertThat(keys.list()).isEmpty();
    assertThatThrownBy(() -> keys.authenticate("the-proxy-master-key!")).isInstanceOf(AuthenticationException.class)
        .hasMessage("invalid virtual key");
  }
}
