package dev.llmrouter.adapters.provider;

import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.spi.AdapterResources;
import dev.llmrouter.api.spi.ProviderAdapter;
import dev.llmrouter.api.spi.ProviderAdapterFactory;
import dev.llmrouter.api.spi.ProviderSettings;
import java.util.List;

/**
 * Type {@code gemini}: {@code https://generativelanguage.googleapis.com}, {@code v1beta} paths,
 * {@code x-goog-api-key}.
 */
public final class GeminiAdapterFactory implements ProviderAdapterFactory {
  private static final ProviderType TYPE = new ProviderType("gemini", "https://generativelanguage.googleapis.com",
      List.of(WireFormat.GEMINI));

  @Override
  public String type() {
    return TYPE.type();
  }

  @Override
  public ProviderAdapter create(ProviderSettings settings, AdapterResources resources) {
    return TYPE.create(settings, resources);
  }
}
