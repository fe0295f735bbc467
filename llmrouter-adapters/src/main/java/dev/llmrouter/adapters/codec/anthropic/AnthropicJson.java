package dev.llmrouter.adapters.codec.anthropic;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.model.CacheControl;
import dev.llmrouter.api.model.ProviderFields;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Map.Entry;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** JSON pieces shared by the Anthropic request, response and stream code. */
final class AnthropicJson {
  static final WireFormat FORMAT = WireFormat.ANTHROPIC_MESSAGES;

  private AnthropicJson() {}

  static CacheControl readCacheControl(JsonNode parent, String parentPath, JsonReader reader) {
    ObjectNode node = reader.optionalObject(parent, "cache_control", parentPath);
    if (node == null) {
      return null;
    }
    String path = JsonReader.path(parentPath, "cache_control");
    return new CacheControl(reader.requiredString(node, "type", path), reader.optionalString(node, "ttl", path));
  }

  static void writeCacheControl(ObjectNode target, CacheControl cacheControl) {
    if (cacheControl != null) {
      ObjectNode node = target.putObject("cache_control");
      node.put("type", cacheControl.type());
      if (cacheControl.ttl() != null) {
        node.put("ttl", cacheControl.ttl());
      }
    }
  }

  /** The fields of {@code object} not named in {@code known}, tagged as Anthropic fields. */
  static ProviderFields unknownFields(ObjectNode object, Set<String> known) {
    return JsonSupport.unknownFields(object, known, FORMAT);
  }

  /**
   * Writes the Anthropic fields of {@code extras} into {@code target}. Unlike
   * {@link JsonSupport#putExtras}, an extra that is an object is merged into an object the encoder
   * already wrote: decoders keep the unmapped sub-fields of mapped objects ({@code metadata},
   * {@code output_config}, {@code usage}…) as a partial object under the same name.
   *
   * @param mergeOnly names whose partial object only makes sense inside the full object (a
   *     {@code thinking} without its {@code type} is a 400); skipped when the encoder left them out
   */
  static void putExtras(ObjectNode target, ProviderFields extras, Set<String> mergeOnly) {
    for (Entry<String, String> field : extras.fieldsFor(FORMAT).entrySet()) {
      JsonNode value = JsonSupport.parseOrNull(field.getValue());
      if (value == null) {
        continue;
      }
      JsonNode existing = target.get(field.getKey());
      if (existing == null) {
        if (!mergeOnly.contains(field.getKey())) {
          target.set(field.getKey(), value);
        }
      } else if (existing instanceof ObjectNode existingObject && value.isObject()) {
        for (Entry<String, JsonNode> sub : value.properties()) {
          if (!existingObject.has(sub.getKey())) {
            existingObject.set(sub.getKey(), sub.getValue());
          }
        }
      }
    }
  }

  static void putExtras(ObjectNode target, ProviderFields extras) {
    putExtras(target, extras, Set.of());
  }

  /** Adds the sub-fields of {@code object} not in {@code known} to {@code extras} as one partial object named {@code name}. */
  static void keepUnknownPart(Map<String, String> extras, String name, ObjectNode object, Set<String> known) {
    ObjectNode partial = null;
    for (Entry<String, JsonNode> sub : object.properties()) {
      if (!known.contains(sub.getKey())) {
        if (partial == null) {
          partial = JsonSupport.NODES.objectNode();
        }
        partial.set(sub.getKey(), sub.getValue());
      }
    }
    if (partial != null) {
      extras.put(name, JsonSupport.write(partial));
    }
  }

  /** All fields of a JSON object as raw JSON text, in order. */
  static Map<String, String> rawFields(ObjectNode object) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (Entry<String, JsonNode> property : object.properties()) {
      fields.put(property.getKey(), JsonSupport.write(property.getValue()));
    }
    return fields;
  }
}
