package dev.llmrouter.store.redis;

import dev.llmrouter.api.spi.KeyStore;
import dev.llmrouter.api.spi.VirtualKeyRecord;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;

/**
 * Virtual keys in Redis: one hash per key, an index from secret hash to id, and the store's hash
 * secret, created once by whichever instance comes first ({@code SETNX}) and then shared by all. Every
 * lookup reads Redis, so a revocation on one instance takes effect on all at their next request.
 */
public final class RedisKeyStore implements KeyStore {
  private final UnifiedJedis redis;
  private final String prefix;
  private final byte[] hashSecret;

  /** @param redis a client the caller owns and closes; @param prefix put before every key */
  public RedisKeyStore(UnifiedJedis redis, String prefix) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.prefix = Objects.requireNonNull(prefix, "prefix");
    byte[] fresh = new byte[32];
    new SecureRandom().nextBytes(fresh);
    redis.setnx(prefix + "keys:secret", Base64.getEncoder().encodeToString(fresh));
    this.hashSecret = Base64.getDecoder().decode(redis.get(prefix + "keys:secret"));
  }

  @Override
  public byte[] hashSecret() {
    return hashSecret.clone();
  }

  @Override
  public void save(VirtualKeyRecord key) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("id", key.id());
    fields.put("hash", key.hash());
    put(fields, "hint", key.hint());
    put(fields, "organization", key.organization());
    put(fields, "team", key.team());
    put(fields, "project", key.project());
    put(fields, "user", key.user());
    fields.put("allowedModels", String.join("\n", key.allowedModels()));
    put(fields, "expiresAt", key.expiresAt() == null ? null : key.expiresAt().toString());
    put(fields, "createdAt", key.createdAt() == null ? null : key.createdAt().toString());
    fields.put("revoked", Boolean.toString(key.revoked()));
    fields.put("budgetNanos", Long.toString(key.budgetNanos()));
    put(fields, "budgetPeriod", key.budgetPeriod());
    fields.put("rpm", Long.toString(key.rpm()));
    fields.put("tpm", Long.toString(key.tpm()));
    redis.hset(prefix + "key:" + key.id(), fields);
    redis.set(prefix + "keyhash:" + key.hash(), key.id());
    redis.sadd(prefix + "keys", key.id());
  }

  private static void put(Map<String, String> fields, String name, String value) {
    if (value != null) {
      fields.put(name, value);
    }
  }

  @Override
  public Optional<VirtualKeyRecord> findByHash(String hash) {
    String id = redis.get(prefix + "keyhash:" + hash);
    return id == null ? Optional.empty() : findById(id);
  }

  @Override
  public Optional<VirtualKeyRecord> findById(String id) {
    Map<String, String> f = redis.hgetAll(prefix + "key:" + id);
    if (f == null || f.isEmpty()) {
      return Optional.empty();
    }
    String models = f.getOrDefault("allowedModels", "");
    return Optional.of(new VirtualKeyRecord(f.get("id"), f.get("hash"), f.get("hint"), f.get("organization"),
        f.get("team"), f.get("project"), f.get("user"),
        models.isEmpty() ? List.of() : Arrays.asList(models.split("\n")),
        instant(f.get("expiresAt")), instant(f.get("createdAt")), Boolean.parseBoolean(f.get("revoked")),
        Long.parseLong(f.getOrDefault("budgetNanos", "-1")), f.get("budgetPeriod"),
        Long.parseLong(f.getOrDefault("rpm", "0")), Long.parseLong(f.getOrDefault("tpm", "0"))));
  }

  private static Instant instant(String value) {
    return value == null ? null : Instant.parse(value);
  }

  @Override
  public List<VirtualKeyRecord> list() {
    List<VirtualKeyRecord> all = new ArrayList<>();
    for (String id : redis.smembers(prefix + "keys")) {
      findById(id).ifPresent(all::add);
    }
    all.sort(Comparator.comparing(VirtualKeyRecord::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
        .thenComparing(VirtualKeyRecord::id));
    return all;
  }
}
