package dev.llmrouter.adapters.codec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Pure rewrites of tool-call ids for targets that reject some ids. Pure, so that replaying the same
 * history gives the same ids, and applied to both the call and its result.
 */
public final class ToolIds {
  /** OpenAI rejects tool-call ids longer than this. */
  public static final int OPENAI_MAX_LENGTH = 40;

  private ToolIds() {}

  /** Anthropic accepts {@code ^[a-zA-Z0-9_-]+$}: other characters become {@code _} plus a hash suffix. */
  public static String forAnthropic(String id) {
    boolean clean = !id.isEmpty();
    for (int i = 0; i < id.length() && clean; i++) {
      clean = isSafe(id.charAt(i));
    }
    if (clean) {
      return id;
    }
    StringBuilder sb = new StringBuilder(id.length() + 9);
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      sb.append(isSafe(c) ? c : '_');
    }
    return sb.append('_').append(hash(id, 8)).toString();
  }

  /** OpenAI accepts at most 40 characters: longer ids keep a prefix and get a hash suffix. */
  public static String forOpenAi(String id) {
    if (id.length() <= OPENAI_MAX_LENGTH) {
      return id;
    }
    return id.substring(0, OPENAI_MAX_LENGTH - 13) + "_" + hash(id, 12);
  }

  private static boolean isSafe(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  }

  static String hash(String value, int hexChars) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      StringBuilder sb = new StringBuilder(hexChars);
      for (int i = 0; sb.length() < hexChars; i++) {
        sb.append(Character.forDigit((d[i] >> 4) & 0xF, 16));
        if (sb.length() < hexChars) {
          sb.append(Character.forDigit(d[i] & 0xF, 16));
        }
      }
      return sb.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
