package dev.llmrouter.api.model;

import java.util.Objects;

/**
 * A call the model asks the caller to run.
 *
 * @param id the call id, passed through unchanged between protocols (Anthropic {@code tool_use.id},
 *     OpenAI {@code tool_calls[].id} / Responses {@code call_id}, Gemini {@code functionCall.id})
 * @param name the tool name
 * @param arguments the arguments as JSON text, exactly as received; may be invalid JSON when the
 *     output was truncated, which is why it is kept as text rather than parsed
 * @param cacheControl optional prompt-cache breakpoint
 * @param extras unmapped fields (e.g. the Responses item id {@code fc_…})
 */
public record ToolCallBlock(String id, String name, String arguments, CacheControl cacheControl, ProviderFields extras)
    implements ContentBlock {
  public ToolCallBlock {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    arguments = arguments == null ? "" : arguments;
    extras = extras == null ? ProviderFields.EMPTY : extras;
  }

  public static ToolCallBlock of(String id, String name, String argumentsJson) {
    return new ToolCallBlock(id, name, argumentsJson, null, ProviderFields.EMPTY);
  }
}
