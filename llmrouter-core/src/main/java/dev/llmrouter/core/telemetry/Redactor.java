package dev.llmrouter.core.telemetry;

import dev.llmrouter.api.Secret;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks credentials in text bound for logs and span attributes: every configured secret (replaced by
 * its fingerprint), and whatever follows a credential header name or {@code Bearer}, which catches a
 * client's own key pasted into a body or echoed in an upstream's error message.
 */
final class Redactor {
  /**
   * Shorter configured values are not searched for: they would mask ordinary words and ids, and no
   * real credential is that short.
   */
  static final int MIN_SECRET_LENGTH = 8;

  private static final Pattern CREDENTIAL = Pattern.compile(
      "(?i)((?:authorization|proxy-authorization|x-api-key|x-goog-api-key|api-key|api_key|apikey)\"?\\s*[:=]\\s*\"?"
          + "(?:bearer\\s+|basic\\s+)?)[^\\s\",;&}]+"
          + "|(bearer\\s+)[A-Za-z0-9._~+/=-]{8,}");

  private final Map<String, String> secrets;

  Redactor(Collection<Secret> configured) {
    List<Secret> sorted = new ArrayList<>();
    for (Secret secret : configured) {
      if (secret.reveal().length() >= MIN_SECRET_LENGTH) {
        sorted.add(secret);
      }
    }
    // longest first, so a key that contains another is masked whole
    sorted.sort(Comparator.comparingInt((Secret s) -> s.reveal().length()).reversed());
    Map<String, String> masks = new LinkedHashMap<>();
    for (Secret secret : sorted) {
      masks.put(secret.reveal(), "[" + secret.fingerprint() + "]");
    }
    this.secrets = masks;
  }

  /**
   * Whether {@link #CREDENTIAL} can match: each of its header names contains "authorization" or both
   * "api" and "key", and its other branch "bearer". Most texts (a model name on every call) have none
   * of them, and this check is far cheaper than running the pattern.
   */
  static boolean mayHoldCredential(String text) {
    return containsIgnoreCase(text, "authorization") || containsIgnoreCase(text, "bearer")
        || containsIgnoreCase(text, "api") && containsIgnoreCase(text, "key");
  }

  private static boolean containsIgnoreCase(String text, String lowerCaseWord) {
    int last = text.length() - lowerCaseWord.length();
    for (int i = 0; i <= last; i++) {
      if (text.regionMatches(true, i, lowerCaseWord, 0, lowerCaseWord.length())) {
        return true;
      }
    }
    return false;
  }

  String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String masked = text;
    for (Map.Entry<String, String> secret : secrets.entrySet()) {
      if (masked.contains(secret.getKey())) {
        masked = masked.replace(secret.getKey(), secret.getValue());
      }
    }
    if (!mayHoldCredential(masked)) {
      return masked;
    }
    Matcher matcher = CREDENTIAL.matcher(masked);
    if (!matcher.find()) {
      return masked;
    }
    StringBuilder out = new StringBuilder();
    do {
      String prefix = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
      matcher.appendReplacement(out, Matcher.quoteReplacement(prefix + "[redacted]"));
    } while (matcher.find());
    matcher.appendTail(out);
    return out.toString();
  }
}
