package dev.llmrouter.core.governance;

import dev.llmrouter.api.Secret;
import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.spi.KeyStore;
import dev.llmrouter.api.spi.VirtualKeyRecord;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints, lists, revokes and checks virtual keys. A key's secret ({@code sk-llmr-…}, 256 random bits)
 * is returned once by {@link #mint}; the store keeps only its HMAC-SHA256 under the store's own
 * secret, so a leaked store reveals no usable key. Every request looks its key up in the store, so a
 * revocation takes effect on the next request.
 */
public final class VirtualKeys {
  static final String PREFIX = "sk-llmr-";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final KeyStore store;
  private final Clock clock;
  private final SecretKeySpec hashKey;
  private final Map<String, VirtualKeyRecord> trustedByHash = new ConcurrentHashMap<>();

  VirtualKeys(KeyStore store, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = clock;
    byte[] secret = store.hashSecret();
    if (secret == null || secret.length < 32) {
      throw new IllegalArgumentException("a key store's hash secret must have at least 32 bytes");
    }
    this.hashKey = new SecretKeySpec(secret, "HmacSHA256");
  }

  /** Mints a key; the returned secret is not kept anywhere. */
  public MintedKey mint(KeySpec spec) {
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    byte[] idBytes = new byte[8];
    RANDOM.nextBytes(idBytes);
    String id = "vk_" + HexFormat.of().formatHex(idBytes);
    long budget = spec.budgetUsd == null ? -1 : spec.budgetUsd.movePointRight(9).longValueExact();
    VirtualKeyRecord record = new VirtualKeyRecord(id, hash(secret),
        secret.substring(0, PREFIX.length() + 4) + "…" + secret.substring(secret.length() - 4),
        spec.organization, spec.team, spec.project, spec.user, spec.allowedModels, spec.expiresAt, clock.instant(),
        false, budget, spec.budgetUsd == null ? null : spec.budgetPeriod.name(), spec.rpm, spec.tpm);
    store.save(record);
    return new MintedKey(secret, record);
  }

  /**
   * Lets a key that is not a virtual key in — the proxy's own master and client keys — as the key
   * {@code id}: no model list, budget or limits of its own, but global, team-less budgets, policy and
   * deployment and group limits still apply, and its spend is recorded under {@code id}. Kept in this
   * process only, hashed like virtual keys.
   */
  public void trust(String id, Secret key) {
    Objects.requireNonNull(id, "id");
    String hash = hash(key.reveal());
    trustedByHash.put(hash, new VirtualKeyRecord(id, hash, "(configured)", null, null, null, null, List.of(), null,
        null, false, -1, null, 0, 0));
  }

  /** Revokes a key by id; false when there is no such key. Takes effect on the key's next request. */
  public boolean revoke(String id) {
    Optional<VirtualKeyRecord> found = store.findById(id);
    found.ifPresent(key -> store.save(key.asRevoked()));
    return found.isPresent();
  }

  public List<VirtualKeyRecord> list() {
    return store.list();
  }

  public Optional<VirtualKeyRecord> find(String id) {
    return store.findById(id);
  }

  /**
   * The record of a presented secret.
   *
   * @throws LlmException of kind AUTHENTICATION when the key is missing, unknown, expired or revoked;
   *     the message names the key's id at most, never the secret
   */
  VirtualKeyRecord authenticate(String presented) {
    if (presented == null || presented.isBlank()) {
      throw unauthorized("a virtual key is required (Authorization: Bearer, x-api-key or x-goog-api-key)");
    }
    String hash = hash(presented.strip());
    VirtualKeyRecord trusted = trustedByHash.get(hash);
    if (trusted != null) {
      return trusted;
    }
    VirtualKeyRecord key = store.findByHash(hash).orElseThrow(() -> unauthorized("invalid virtual key"));
    // the store found it by hash; compare again in constant time in case a store matches loosely
    if (!MessageDigest.isEqual(key.hash().getBytes(), hash.getBytes())) {
      throw unauthorized("invalid virtual key");
    }
    if (key.revoked()) {
      throw unauthorized("virtual key " + key.id() + " was revoked");
    }
    if (key.expiresAt() != null && !clock.instant().isBefore(key.expiresAt())) {
      throw unauthorized("virtual key " + key.id() + " expired at " + key.expiresAt());
    }
    return key;
  }

  private String hash(String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(hashKey);
      return HexFormat.of().formatHex(mac.doFinal(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private static LlmException unauthorized(String message) {
    return LlmException.builder(ErrorKind.AUTHENTICATION, message).build();
  }
}
