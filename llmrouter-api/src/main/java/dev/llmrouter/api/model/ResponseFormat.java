package dev.llmrouter.api.model;

import java.util.Objects;

/**
 * Structured output.
 *
 * @param type text, any JSON object, or JSON matching a schema
 * @param name the schema name (OpenAI requires one); optional
 * @param schema the JSON Schema as JSON text, for {@link Type#JSON_SCHEMA}
 * @param strict OpenAI strict mode; optional
 */
public record ResponseFormat(Type type, String name, String schema, Boolean strict) {
  public enum Type {
    TEXT,
    JSON_OBJECT,
    JSON_SCHEMA
  }

  public ResponseFormat {
    Objects.requireNonNull(type, "type");
    if (type == Type.JSON_SCHEMA && schema == null) {
      throw new IllegalArgumentException("a JSON_SCHEMA response format needs a schema");
    }
  }

  public static ResponseFormat jsonSchema(String name, String schemaJson) {
    return new ResponseFormat(Type.JSON_SCHEMA, name, schemaJson, null);
  }
}
