package dev.llmrouter.adapters.provider;

import dev.llmrouter.api.WireFormat;
import java.util.List;

/**
 * Type {@code gemini}: {@code https://generativelanguage.googleapis.com}, {@code v1beta} paths,
 * {@code x-goog-api-key}.
 */
public final class GeminiAdapterFactory extends HttpAdapterFactory {
  public GeminiAdapterFactory() {
    super("gemini", "https://generativelanguage.googleapis.com", List.of(WireFormat.GEMINI));
  }
}
