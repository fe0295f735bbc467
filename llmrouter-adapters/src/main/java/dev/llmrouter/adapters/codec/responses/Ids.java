package dev.llmrouter.adapters.codec.responses;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Ids the router mints for Responses objects: the prefix OpenAI uses and 48 hex characters, derived
 * from a seed so that the same response gets the same item ids streamed or not.
 */
final class Ids {
  private static final int HEX_CHARS = 48;

  private Ids() {}

  static String mint(String prefix, String seed) {
    return prefix + sha256Hex(seed);
  }

  /** The client-facing response id: an upstream {@code resp_} id is kept, any other id is hashed into one. */
  static String responseId(String upstreamId) {
    if (upstreamId == null || upstreamId.isEmpty()) {
      return mint("resp_", UUID.randomUUID().toString());
    }
    return upstreamId.startsWith("resp_") ? upstreamId : mint("resp_", upstreamId);
  }

  private static String sha256Hex(String seed) {
    byte[] digest;
    try {
      digest = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    StringBuilder sb = new StringBuilder(HEX_CHARS);
    for (int i = 0; sb.length() < HEX_CHARS; i++) {
      sb.append(Character.forDigit((digest[i] >> 4) & 0xF, 16)).append(Character.forDigit(digest[i] & 0xF, 16));
    }
    return sb.toString();
  }
}
