package dev.llmrouter.adapters.codec;

import dev.llmrouter.api.error.ErrorKind;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Function;

/** Rules every codec shares when it maps an upstream error: status to kind, retry-after headers. */
public final class ErrorMapping {
  private ErrorMapping() {}

  /** The kind an HTTP status means when the body says nothing more precise. */
  public static ErrorKind kindForStatus(int status) {
    switch (status) {
      case 401:
        return ErrorKind.AUTHENTICATION;
      case 403:
        return ErrorKind.PERMISSION_DENIED;
      case 404:
        return ErrorKind.NOT_FOUND;
      case 408:
      case 504:
        return ErrorKind.TIMEOUT;
      case 429:
        return ErrorKind.RATE_LIMITED;
      case 503:
      case 529:
        return ErrorKind.OVERLOADED;
      default:
        if (status >= 500) {
          return ErrorKind.UPSTREAM_SERVER;
        }
        return ErrorKind.BAD_REQUEST;
    }
  }

  /**
   * The delay asked for by {@code retry-after-ms} (milliseconds), else {@code retry-after} (seconds,
   * possibly fractional, or an HTTP date), or {@code null}.
   */
  public static Duration retryAfter(Function<String, String> headers) {
    String ms = headers.apply("retry-after-ms");
    if (ms != null) {
      try {
        double value = Double.parseDouble(ms.trim());
        if (value >= 0) {
          return Duration.ofNanos((long) (value * 1_000_000d));
        }
      } catch (NumberFormatException ignored) {
        // fall through to retry-after
      }
    }
    String value = headers.apply("retry-after");
    if (value == null || value.isBlank()) {
      return null;
    }
    return parseDelay(value.trim());
  }

  /** Parses {@code "20"}, {@code "1.5"}, {@code "1.5s"} or an HTTP date into a delay; {@code null} if unreadable. */
  public static Duration parseDelay(String value) {
    String v = value.endsWith("s") ? value.substring(0, value.length() - 1) : value;
    try {
      double seconds = Double.parseDouble(v);
      return seconds < 0 ? null : Duration.ofNanos((long) (seconds * 1_000_000_000d));
    } catch (NumberFormatException notANumber) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException notADate) {
        return null;
      }
    }
  }

  /** Whether an upstream error message says the prompt is too long for the model. */
  public static boolean looksLikeContextWindow(String message) {
    if (message == null) {
      return false;
    }
    String m = message.toLowerCase(Locale.ROOT);
    return m.contains("context_length_exceeded")
        || m.contains("context length")
        || m.contains("context window")
        || m.contains("prompt is too long")
        || m.contains("maximum context")
        || m.contains("too many tokens")
        || m.contains("input token count") && m.contains("exceeds");
  }

  /**
   * Cuts an upstream message to a safe length for exceptions and logs. Upstream messages never
   * contain our keys, but may echo large parts of the prompt.
   */
  public static String safeMessage(String message, int status) {
    if (message == null || message.isBlank()) {
      return "upstream answered HTTP " + status;
    }
    String m = message.strip();
    return m.length() > 1000 ? m.substring(0, 1000) + "…" : m;
  }
}
