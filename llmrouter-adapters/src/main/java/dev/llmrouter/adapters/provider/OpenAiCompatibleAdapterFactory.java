package dev.llmrouter.adapters.provider;

import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.spi.AdapterResources;
import dev.llmrouter.api.spi.ProviderAdapter;
import dev.llmrouter.api.spi.ProviderAdapterFactory;
import dev.llmrouter.api.spi.ProviderSettings;
import java.util.List;

/**
 * Type {@code openai-compatible}: Ollama, vLLM, OpenRouter, Groq, DeepSeek… A base URL is required
 * (e.g. {@code http://localhost:11434/v1}); Chat Completions unless configured otherwise; the key is
 * optional (no authentication header without one).
 */
public final class OpenAiCompatibleAdapterFactory implements ProviderAdapterFactory {
  private static final ProviderType TYPE = new ProviderType("openai-compatible", null,
      List.of(WireFormat.OPENAI_CHAT));

  @Override
  public String type() {
    return TYPE.type();
  }

  @Override
  public ProviderAdapter create(ProviderSettings settings, AdapterResources resources) {
    return TYPE.create(settings, resources);
  }
}
