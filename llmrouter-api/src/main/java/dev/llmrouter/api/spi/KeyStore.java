package dev.llmrouter.api.spi;

import java.util.List;
import java.util.Optional;

/**
 * Where virtual keys live. A key's secret is never stored: only a keyed hash of it
 * ({@link VirtualKeyRecord#hash()}), computed with {@link #hashSecret()}. Implementations must make a
 * {@link #save} visible to the next {@link #findByHash}, so that a revocation takes effect on the next
 * request.
 */
public interface KeyStore {

  /**
   * The secret the key hashes are computed with (HMAC-SHA256), unique to this store and at least 32
   * bytes; a persistent store must persist it with the keys.
   */
  byte[] hashSecret();

  /** Adds or replaces the record with the same {@link VirtualKeyRecord#id()}. */
  void save(VirtualKeyRecord key);

  Optional<VirtualKeyRecord> findByHash(String hash);

  Optional<VirtualKeyRecord> findById(String id);

  List<VirtualKeyRecord> list();
}
