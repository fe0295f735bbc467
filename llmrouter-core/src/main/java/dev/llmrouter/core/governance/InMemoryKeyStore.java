package dev.llmrouter.core.governance;

import dev.llmrouter.api.spi.KeyStore;
import dev.llmrouter.api.spi.VirtualKeyRecord;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Keys in memory, with a random hash secret: they last as long as the process. Thread-safe. */
public final class InMemoryKeyStore implements KeyStore {
  private final byte[] hashSecret = new byte[32];
  private final Map<String, VirtualKeyRecord> byId = new ConcurrentHashMap<>();
  private final Map<String, String> idByHash = new ConcurrentHashMap<>();

  public InMemoryKeyStore() {
    new SecureRandom().nextBytes(hashSecret);
  }

  @Override
  public byte[] hashSecret() {
    return hashSecret.clone();
  }

  @Override
  public void save(VirtualKeyRecord key) {
    byId.put(key.id(), key);
    idByHash.put(key.hash(), key.id());
  }

  @Override
  public Optional<VirtualKeyRecord> findByHash(String hash) {
    String id = idByHash.get(hash);
    return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
  }

  @Override
  public Optional<VirtualKeyRecord> findById(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  @Override
  public List<VirtualKeyRecord> list() {
    List<VirtualKeyRecord> all = new ArrayList<>(byId.values());
    all.sort(Comparator.comparing(VirtualKeyRecord::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
        .thenComparing(VirtualKeyRecord::id));
    return all;
  }
}
