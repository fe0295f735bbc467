package dev.llmrouter.api.spi;

import dev.llmrouter.api.Secret;
import java.time.Duration;
import java.util.Map;

/**
 * What an adapter needs for one upstream attempt besides the request.
 *
 * @param requestId the router's id for the logical request, for logs and upstream headers
 * @param apiKey the key chosen for this attempt, or {@code null} when the provider needs none
 * @param headers extra headers to send upstream
 * @param timeout the time this attempt may take, or {@code null} for the adapter's default
 */
public record CallOptions(String requestId, Secret apiKey, Map<String, String> headers, Duration timeout) {
  public CallOptions {
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  public static CallOptions of(Secret apiKey) {
    return new CallOptions(null, apiKey, Map.of(), null);
  }
}
