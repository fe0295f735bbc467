package dev.llmrouter.adapters.provider;

import dev.llmrouter.api.WireFormat;
import java.util.List;

/**
 * Type {@code openai-compatible}: Ollama, vLLM, OpenRouter, Groq, DeepSeek… A base URL is required
 * (e.g. {@code http://localhost:11434/v1}); Chat Completions unless configured otherwise; the key is
 * optional (no authentication header without one).
 */
public final class OpenAiCompatibleAdapterFactory extends HttpAdapterFactory {
  public OpenAiCompatibleAdapterFactory() {
    super("openai-compatible", null, List.of(WireFormat.OPENAI_CHAT));
  }
}
