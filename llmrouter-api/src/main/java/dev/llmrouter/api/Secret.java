package dev.llmrouter.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A credential (API key, token). Its {@link #toString()} never shows the value, so a secret can sit in
 * any object that might be logged; only {@link #reveal()} returns it, and only adapters building the
 * upstream request should call that.
 */
public final class Secret {
  private final String value;
  private final String fingerprint;

  private Secret(String value) {
    this.value = value;
    this.fingerprint = computeFingerprint(value);
  }

  /** Wraps a credential. Surrounding whitespace is removed; an empty value is rejected. */
  public static Secret of(String value) {
    Objects.requireNonNull(value, "secret value");
    String trimmed = value.strip();
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException("a secret must not be empty");
    }
    return new Secret(trimmed);
  }

  /**
   * Splits a whitespace-separated list of keys, the form used by {@code OPENAI_API_KEY="k1 k2"} for a
   * key pool. Returns an empty list for {@code null} or blank input.
   */
  public static List<Secret> parseList(String values) {
    List<Secret> secrets = new ArrayList<>();
    if (values == null) {
      return secrets;
    }
    for (String part : values.strip().split("[\\s,]+")) {
      if (!part.isEmpty()) {
        secrets.add(new Secret(part));
      }
    }
    return List.copyOf(secrets);
  }

  /** The raw credential. Never log or put it in an exception message. */
  public String reveal() {
    return value;
  }

  /**
   * A stable, non-reversible alias safe for logs, spans and metrics: {@code "key-"} and the first 8
   * hex digits of the SHA-256 of the value.
   */
  public String fingerprint() {
    return fingerprint;
  }

  private static String computeFingerprint(String value) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      StringBuilder sb = new StringBuilder("key-");
      for (int i = 0; i < 4; i++) {
        sb.append(Character.forDigit((digest[i] >> 4) & 0xF, 16)).append(Character.forDigit(digest[i] & 0xF, 16));
      }
      return sb.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret other
        && MessageDigest.isEqual(
            value.getBytes(StandardCharsets.UTF_8), other.value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return fingerprint.hashCode();
  }

  /** Always a mask with the fingerprint, never the value. */
  @Override
  public String toString() {
    return "Secret[" + fingerprint + "]";
  }
}
