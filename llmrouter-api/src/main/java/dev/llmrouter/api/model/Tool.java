package dev.llmrouter.api.model;

import java.util.Objects;

/**
 * A tool the model may call.
 *
 * @param type {@code "function"} for ordinary tools; other values (Anthropic server tools, Codex
 *     {@code namespace}/{@code custom} tools…) are carried for the format in {@code extras}
 * @param name the tool name
 * @param description optional
 * @param inputSchema the JSON Schema of the arguments as JSON text; optional
 * @param strict OpenAI/Anthropic strict schema adherence; optional
 * @param cacheControl optional prompt-cache breakpoint
 * @param extras unmapped fields
 */
public record Tool(
    String type,
    String name,
    String description,
    String inputSchema,
    Boolean strict,
    CacheControl cacheControl,
    ProviderFields extras) {
  public static final String FUNCTION = "function";

  public Tool {
    type = type == null ? FUNCTION : type;
    Objects.requireNonNull(name, "name");
    extras = extras == null ? ProviderFields.EMPTY : extras;
  }

  public static Tool function(String name, String description, String inputSchemaJson) {
    return new Tool(FUNCTION, name, description, inputSchemaJson, null, null, ProviderFields.EMPTY);
  }

  public boolean isFunction() {
    return FUNCTION.equals(type);
  }
}
