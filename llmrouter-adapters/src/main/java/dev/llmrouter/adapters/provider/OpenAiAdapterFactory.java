package dev.llmrouter.adapters.provider;

import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.spi.AdapterResources;
import dev.llmrouter.api.spi.ProviderAdapter;
import dev.llmrouter.api.spi.ProviderAdapterFactory;
import dev.llmrouter.api.spi.ProviderSettings;
import java.util.List;

/** Type {@code openai}: {@code https://api.openai.com/v1}, Chat Completions (default) or Responses, Bearer key. */
public final class OpenAiAdapterFactory implements ProviderAdapterFactory {
  private static final ProviderType TYPE = new ProviderType("openai", "https://api.openai.com/v1",
      List.of(WireFormat.OPENAI_CHAT, WireFormat.OPENAI_RESPONSES));

  @Override
  public String type() {
    return TYPE.type();
  }

  @Override
  public ProviderAdapter create(ProviderSettings settings, AdapterResources resources) {
    return TYPE.create(settings, resources);
  }
}
