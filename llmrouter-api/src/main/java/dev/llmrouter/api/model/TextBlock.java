package dev.llmrouter.api.model;

import java.util.Objects;

/**
 * Plain text.
 *
 * @param text never {@code null}; may be empty while a stream builds it
 * @param cacheControl optional prompt-cache breakpoint
 * @param extras unmapped fields (citations, annotations…)
 */
public record TextBlock(String text, CacheControl cacheControl, ProviderFields extras) implements ContentBlock {
  public TextBlock {
    Objects.requireNonNull(text, "text");
    extras = extras == null ? ProviderFields.EMPTY : extras;
  }

  public static TextBlock of(String text) {
    return new TextBlock(text, null, ProviderFields.EMPTY);
  }

  public TextBlock withCacheControl(CacheControl cacheControl) {
    return new TextBlock(text, cacheControl, extras);
  }
}
