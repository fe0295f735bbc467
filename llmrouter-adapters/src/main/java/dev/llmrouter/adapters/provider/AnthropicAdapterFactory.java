package dev.llmrouter.adapters.provider;

import dev.llmrouter.api.WireFormat;
import java.util.List;

/**
 * Type {@code anthropic}: {@code https://api.anthropic.com}, Messages, {@code x-api-key} and
 * {@code anthropic-version}.
 */
public final class AnthropicAdapterFactory extends HttpAdapterFactory {
  public AnthropicAdapterFactory() {
    super("anthropic", "https://api.anthropic.com", List.of(WireFormat.ANTHROPIC_MESSAGES));
  }
}
