package dev.llmrouter.adapters.provider;

import dev.llmrouter.api.WireFormat;
import java.util.List;

/** Type {@code openai}: {@code https://api.openai.com/v1}, Chat Completions (default) or Responses, Bearer key. */
public final class OpenAiAdapterFactory extends HttpAdapterFactory {
  public OpenAiAdapterFactory() {
    super("openai", "https://api.openai.com/v1", List.of(WireFormat.OPENAI_CHAT, WireFormat.OPENAI_RESPONSES));
  }
}
