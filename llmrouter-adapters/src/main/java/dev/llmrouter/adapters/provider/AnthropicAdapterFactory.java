package dev.llmrouter.adapters.provider;

import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.spi.AdapterResources;
import dev.llmrouter.api.spi.ProviderAdapter;
import dev.llmrouter.api.spi.ProviderAdapterFactory;
import dev.llmrouter.api.spi.ProviderSettings;
import java.util.List;

/**
 * Type {@code anthropic}: {@code https://api.anthropic.com}, Messages, {@code x-api-key} and
 * {@code anthropic-version}.
 */
public final class AnthropicAdapterFactory implements ProviderAdapterFactory {
  private static final ProviderType TYPE = new ProviderType("anthropic", "https://api.anthropic.com",
      List.of(WireFormat.ANTHROPIC_MESSAGES));

  @Override
  public String type() {
    return TYPE.type();
  }

  @Override
  public ProviderAdapter create(ProviderSettings settings, AdapterResources resources) {
    return TYPE.create(settings, resources);
  }
}
