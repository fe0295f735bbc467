package dev.llmrouter.adapters.codec.openai;

import static dev.llmrouter.adapters.codec.JsonSupport.badRequest;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.model.ProviderFields;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Map.Entry;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Typed reads of Chat JSON that fail with a BAD_REQUEST naming the field's path, and the handling
 * of unmapped fields: nested objects (a tool's {@code function}, a part's {@code image_url}) keep
 * their own unknown fields under the nested object's name, so one flat bag per block suffices.
 */
final class ChatJson {
  static final WireFormat CHAT = WireFormat.OPENAI_CHAT;

  private ChatJson() {}

  /** A string field, or {@code null} when absent or JSON null. */
  static String string(JsonNode parent, String field, String path) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isString()) {
      throw badRequest(path + " must be a string");
    }
    return node.stringValue();
  }

  static String requiredString(JsonNode parent, String field, String path) {
    String value = string(parent, field, path);
    if (value == null) {
      throw badRequest(path + " is required");
    }
    return value;
  }

  static Double number(JsonNode parent, String field, String path) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isNumber()) {
      throw badRequest(path + " must be a number");
    }
    return node.doubleValue();
  }

  /** A non-negative integer (integral floats such as {@code 256.0} accepted). */
  static Integer count(JsonNode parent, String field, String path) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isNumber() || !node.canConvertToExactIntegral() || !node.canConvertToInt() || node.intValue() < 0) {
      throw badRequest(path + " must be a non-negative integer");
    }
    return node.intValue();
  }

  static Long integer(JsonNode parent, String field, String path) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isNumber() || !node.canConvertToExactIntegral() || !node.canConvertToLong()) {
      throw badRequest(path + " must be an integer");
    }
    return node.longValue();
  }

  static Boolean bool(JsonNode parent, String field, String path) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isBoolean()) {
      throw badRequest(path + " must be true or false");
    }
    return node.booleanValue();
  }

  static ArrayNode array(JsonNode parent, String field, String path) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!(node instanceof ArrayNode array)) {
      throw badRequest(path + " must be an array");
    }
    return array;
  }

  static ObjectNode object(JsonNode parent, String field, String path) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    return asObject(node, path);
  }

  static ObjectNode asObject(JsonNode node, String path) {
    if (!(node instanceof ObjectNode object)) {
      throw badRequest(path + " must be an object");
    }
    return object;
  }

  /** The fields of {@code object} not in {@code known}, name to raw JSON, in order. */
  static Map<String, String> unknown(JsonNode object, Set<String> known) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (Entry<String, JsonNode> property : object.properties()) {
      if (!known.contains(property.getKey())) {
        fields.put(property.getKey(), JsonSupport.write(property.getValue()));
      }
    }
    return fields;
  }

  /** Adds the unknown fields of the nested object {@code name}, as one object under that name. */
  static void addNested(Map<String, String> fields, String name, JsonNode nested, Set<String> known) {
    if (nested == null || !nested.isObject()) {
      return;
    }
    ObjectNode rest = JsonSupport.NODES.objectNode();
    for (Entry<String, JsonNode> property : nested.properties()) {
      if (!known.contains(property.getKey())) {
        rest.set(property.getKey(), property.getValue());
      }
    }
    if (!rest.isEmpty()) {
      fields.put(name, JsonSupport.write(rest));
    }
  }

  static ProviderFields fields(Map<String, String> rawJson) {
    return ProviderFields.of(CHAT, rawJson);
  }

  /**
   * Writes the Chat fields of {@code extras} into {@code target}, never replacing a field already
   * written; an object field that exists on both sides gets the missing nested fields (the inverse
   * of {@link #addNested}).
   */
  static void putExtras(ObjectNode target, ProviderFields extras, Set<String> skip) {
    for (Entry<String, String> field : extras.fieldsFor(CHAT).entrySet()) {
      String name = field.getKey();
      if (skip.contains(name)) {
        continue;
      }
      JsonNode value = JsonSupport.parseOrNull(field.getValue());
      if (value == null) {
        continue;
      }
      JsonNode existing = target.get(name);
      if (existing == null) {
        target.set(name, value);
      } else if (existing instanceof ObjectNode existingObject) {
        putMissing(existingObject, value);
      }
    }
  }

  static void putExtras(ObjectNode target, ProviderFields extras) {
    putExtras(target, extras, Set.of());
  }

  /** Copies the fields of {@code source} (an object) that {@code target} lacks. */
  static void putMissing(ObjectNode target, JsonNode source) {
    if (source == null || !source.isObject()) {
      return;
    }
    for (Entry<String, JsonNode> field : source.properties()) {
      if (!target.has(field.getKey())) {
        target.set(field.getKey(), field.getValue());
      }
    }
  }

  /** The Chat field {@code name} of {@code extras}, parsed, or {@code null}. */
  static JsonNode extra(ProviderFields extras, String name) {
    String raw = extras.fieldsFor(CHAT).get(name);
    return raw == null ? null : JsonSupport.parseOrNull(raw);
  }

  /** Numbers as the smallest JSON form: integral values without a fraction. */
  static void putNumber(ObjectNode target, String name, double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      putNumber(target, name, (long) value);
    } else {
      target.put(name, value);
    }
  }

  static void putNumber(ObjectNode target, String name, long value) {
    if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
      target.put(name, (int) value);
    } else {
      target.put(name, value);
    }
  }
}
