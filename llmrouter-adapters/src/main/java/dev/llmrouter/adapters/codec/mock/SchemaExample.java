package dev.llmrouter.adapters.codec.mock;

import dev.llmrouter.adapters.codec.JsonSupport;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A small JSON value that fits a JSON Schema, for the mock provider's answers to structured-output
 * requests (Gemini CLI's model router asks for {@code {reasoning, complexity_score}} and retries for a
 * minute on anything that is not JSON). Covers what such schemas use: objects with properties, arrays,
 * enums, minimums, and type names in either case (Gemini writes {@code OBJECT}, {@code INTEGER}).
 */
public final class SchemaExample {
  private static final int MAX_DEPTH = 8;

  private SchemaExample() {}

  /**
   * JSON text fitting {@code schemaJson}; for no schema or an unreadable one, an object that holds
   * {@code text}.
   */
  public static String of(String schemaJson, String text) {
    JsonNode schema = null;
    if (schemaJson != null) {
      try {
        schema = JsonSupport.MAPPER.readTree(schemaJson);
      } catch (JacksonException unreadable) {
        schema = null;
      }
    }
    JsonNode example = schema != null && schema.isObject()
        ? example(schema, text, 0)
        : JsonSupport.NODES.objectNode().put("text", text);
    return JsonSupport.write(example);
  }

  private static JsonNode example(JsonNode schema, String text, int depth) {
    JsonNode choices = schema.get("enum");
    if (choices != null && choices.isArray() && !choices.isEmpty()) {
      return choices.get(0);
    }
    String type = type(schema);
    if (depth > MAX_DEPTH) {
      return JsonSupport.NODES.nullNode();
    }
    switch (type) {
      case "object":
        ObjectNode object = JsonSupport.NODES.objectNode();
        JsonNode properties = schema.get("properties");
        if (properties != null && properties.isObject()) {
          for (Map.Entry<String, JsonNode> property : properties.properties()) {
            object.set(property.getKey(), example(property.getValue(), text, depth + 1));
          }
        }
        return object;
      case "array":
        ArrayNode array = JsonSupport.NODES.arrayNode();
        JsonNode items = schema.get("items");
        if (items != null && items.isObject()) {
          array.add(example(items, text, depth + 1));
        }
        return array;
      case "integer":
        return JsonSupport.NODES.numberNode(schema.path("minimum").isNumber() ? schema.get("minimum").asLong() : 1L);
      case "number":
        return JsonSupport.NODES.numberNode(schema.path("minimum").isNumber() ? schema.get("minimum").asDouble() : 1.0);
      case "boolean":
        return JsonSupport.NODES.booleanNode(true);
      case "null":
        return JsonSupport.NODES.nullNode();
      default:
        return JsonSupport.NODES.stringNode(text);
    }
  }

  private static String type(JsonNode schema) {
    JsonNode type = schema.get("type");
    if (type != null && type.isArray() && !type.isEmpty()) {
      type = type.get(0);
    }
    if (type != null && type.isString()) {
      return type.asString().toLowerCase(Locale.ROOT);
    }
    return schema.has("properties") ? "object" : "string";
  }
}
