package dev.llmrouter.core.governance;

import dev.llmrouter.api.spi.VirtualKeyRecord;

/**
 * A freshly minted virtual key: its secret, shown this once and never stored, and its record.
 *
 * @param secret give this to the caller; only a keyed hash of it is kept
 */
public record MintedKey(String secret, VirtualKeyRecord record) {
  /** Never shows the secret. */
  @Override
  public String toString() {
    return "MintedKey{" + record + "}";
  }
}
