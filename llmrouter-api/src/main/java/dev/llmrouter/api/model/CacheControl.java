package dev.llmrouter.api.model;

import java.util.Objects;

/**
 * A prompt-cache breakpoint, as Anthropic's {@code cache_control} expresses it. Other protocols have
 * no inline equivalent; their codecs drop it.
 *
 * @param type {@code "ephemeral"} today
 * @param ttl optional time to live such as {@code "5m"} or {@code "1h"}
 */
public record CacheControl(String type, String ttl) {
  public CacheControl {
    Objects.requireNonNull(type, "type");
  }

  /** The default five-minute breakpoint. */
  public static CacheControl ephemeral() {
    return new CacheControl("ephemeral", null);
  }
}
