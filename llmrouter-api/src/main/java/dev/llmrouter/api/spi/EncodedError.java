package dev.llmrouter.api.spi;

import java.util.Map;
import java.util.Objects;

/**
 * An error as a client of one format expects it: status, headers (e.g. {@code retry-after}) and the
 * format's JSON envelope.
 */
public record EncodedError(int status, Map<String, String> headers, byte[] body) {
  public EncodedError {
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    Objects.requireNonNull(body, "body");
  }
}
