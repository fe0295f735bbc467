package dev.llmrouter.adapters.http;

import dev.llmrouter.api.WireFormat;
import java.util.Locale;

/**
 * How an upstream expects its key. Chosen by the wire format unless the provider's {@code auth} option
 * says otherwise.
 */
enum AuthStyle {
  /** {@code Authorization: Bearer <key>}: OpenAI and every OpenAI-compatible server. */
  BEARER("bearer", "Authorization", "Bearer "),
  /** {@code x-api-key: <key>}: Anthropic. */
  X_API_KEY("x-api-key", "x-api-key", ""),
  /** {@code x-goog-api-key: <key>}: Gemini. Never {@code ?key=}, which would put the key in URLs and logs. */
  X_GOOG_API_KEY("x-goog-api-key", "x-goog-api-key", ""),
  /** {@code api-key: <key>}: Azure OpenAI. */
  API_KEY("api-key", "api-key", "");

  static final String OPTION = "auth";

  private final String id;
  private final String header;
  private final String prefix;

  AuthStyle(String id, String header, String prefix) {
    this.id = id;
    this.header = header;
    this.prefix = prefix;
  }

  String header() {
    return header;
  }

  String value(String key) {
    return prefix + key;
  }

  static AuthStyle forFormat(WireFormat format) {
    switch (format) {
      case ANTHROPIC_MESSAGES:
        return X_API_KEY;
      case GEMINI:
        return X_GOOG_API_KEY;
      default:
        return BEARER;
    }
  }

  /** Parses the {@code auth} option; {@code null} means the format's own style. */
  static AuthStyle parse(String option, WireFormat format, String provider) {
    if (option == null || option.isBlank()) {
      return forFormat(format);
    }
    String wanted = option.strip().toLowerCase(Locale.ROOT);
    for (AuthStyle style : values()) {
      if (style.id.equals(wanted)) {
        return style;
      }
    }
    throw new IllegalArgumentException("provider '" + provider + "': option auth='" + option
        + "' is unknown; expected one of bearer, x-api-key, x-goog-api-key, api-key");
  }
}
