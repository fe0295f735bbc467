package dev.llmrouter.adapters.codec.responses;

import static dev.llmrouter.adapters.codec.JsonSupport.badRequest;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Typed reads of a client's JSON that fail with a BAD_REQUEST naming the field path (e.g.
 * {@code input[3].call_id}); JSON {@code null} counts as absent.
 */
final class JsonFields {
  private JsonFields() {}

  static String path(String parent, String field) {
    return parent.isEmpty() ? field : parent + "." + field;
  }

  static String path(String parent, int index) {
    return parent + "[" + index + "]";
  }

  static String optString(JsonNode object, String field, String parent) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isString()) {
      throw badRequest(path(parent, field) + " must be a string");
    }
    return value.stringValue();
  }

  static String requireString(JsonNode object, String field, String parent) {
    String value = optString(object, field, parent);
    if (value == null) {
      throw badRequest(path(parent, field) + " is required");
    }
    return value;
  }

  static Integer optInt(JsonNode object, String field, String parent) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isNumber() || !value.canConvertToExactIntegral() || !value.canConvertToInt()) {
      throw badRequest(path(parent, field) + " must be an integer");
    }
    return value.asInt();
  }

  static Double optDouble(JsonNode object, String field, String parent) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isNumber()) {
      throw badRequest(path(parent, field) + " must be a number");
    }
    return value.asDouble();
  }

  static Boolean optBoolean(JsonNode object, String field, String parent) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isBoolean()) {
      throw badRequest(path(parent, field) + " must be a boolean");
    }
    return value.booleanValue();
  }

  static ObjectNode optObject(JsonNode object, String field, String parent) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    return object(value, path(parent, field));
  }

  static ArrayNode optArray(JsonNode object, String field, String parent) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!(value instanceof ArrayNode array)) {
      throw badRequest(path(parent, field) + " must be an array");
    }
    return array;
  }

  static ObjectNode object(JsonNode value, String path) {
    if (!(value instanceof ObjectNode object)) {
      throw badRequest(path + " must be an object");
    }
    return object;
  }

  /** A string field of an upstream's JSON, or {@code null} when absent or not a string (upstreams are read leniently). */
  static String text(JsonNode object, String field) {
    JsonNode value = object == null ? null : object.get(field);
    return value != null && value.isString() ? value.stringValue() : null;
  }

  static long number(JsonNode object, String field) {
    JsonNode value = object == null ? null : object.get(field);
    return value != null && value.isNumber() ? Math.max(0, value.asLong()) : 0;
  }
}
