package dev.llmrouter.adapters.codec.anthropic;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads typed fields of Anthropic JSON and fails with a message naming the field by its path
 * ({@code messages[2].content[0].text: expected a string}). What a bad field means depends on who
 * sent it: a client's mistake is a bad request, an upstream's is an upstream failure.
 */
final class JsonReader {
  static final JsonReader CLIENT = new JsonReader(true);
  static final JsonReader UPSTREAM = new JsonReader(false);

  private final boolean client;

  private JsonReader(boolean client) {
    this.client = client;
  }

  LlmException invalid(String path, String problem) {
    String message = path.isEmpty() ? problem : path + ": " + problem;
    if (client) {
      return JsonSupport.badRequest(message);
    }
    return LlmException.builder(ErrorKind.UPSTREAM_SERVER, "upstream sent an invalid Anthropic message: " + message)
        .build();
  }

  static String path(String parent, String field) {
    return parent.isEmpty() ? field : parent + "." + field;
  }

  static String path(String parent, int index) {
    return parent + "[" + index + "]";
  }

  ObjectNode object(JsonNode node, String path) {
    if (node instanceof ObjectNode object) {
      return object;
    }
    throw invalid(path, "expected an object");
  }

  ObjectNode requiredObject(JsonNode parent, String field, String parentPath) {
    ObjectNode value = optionalObject(parent, field, parentPath);
    if (value == null) {
      throw invalid(path(parentPath, field), "required");
    }
    return value;
  }

  /** The object at {@code field}, or {@code null} when absent or JSON null. */
  ObjectNode optionalObject(JsonNode parent, String field, String parentPath) {
    JsonNode value = present(parent, field);
    if (value == null) {
      return null;
    }
    if (value instanceof ObjectNode object) {
      return object;
    }
    throw invalid(path(parentPath, field), "expected an object"); // the path only on the error path
  }

  ArrayNode requiredArray(JsonNode parent, String field, String parentPath) {
    ArrayNode value = optionalArray(parent, field, parentPath);
    if (value == null) {
      throw invalid(path(parentPath, field), "required");
    }
    return value;
  }

  ArrayNode optionalArray(JsonNode parent, String field, String parentPath) {
    JsonNode value = present(parent, field);
    if (value == null) {
      return null;
    }
    if (value instanceof ArrayNode array) {
      return array;
    }
    throw invalid(path(parentPath, field), "expected an array");
  }

  String requiredString(JsonNode parent, String field, String parentPath) {
    String value = optionalString(parent, field, parentPath);
    if (value == null) {
      throw invalid(path(parentPath, field), "required");
    }
    return value;
  }

  String optionalString(JsonNode parent, String field, String parentPath) {
    JsonNode value = present(parent, field);
    if (value == null) {
      return null;
    }
    if (!value.isString()) {
      throw invalid(path(parentPath, field), "expected a string");
    }
    return value.stringValue();
  }

  int requiredInt(JsonNode parent, String field, String parentPath) {
    Integer value = optionalInt(parent, field, parentPath);
    if (value == null) {
      throw invalid(path(parentPath, field), "required");
    }
    return value;
  }

  Integer optionalInt(JsonNode parent, String field, String parentPath) {
    JsonNode value = present(parent, field);
    if (value == null) {
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw invalid(path(parentPath, field), "expected an integer");
    }
    return value.intValue();
  }

  long longOrZero(JsonNode parent, String field, String parentPath) {
    JsonNode value = present(parent, field);
    if (value == null) {
      return 0;
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
      throw invalid(path(parentPath, field), "expected a non-negative integer");
    }
    return value.longValue();
  }

  Double optionalDouble(JsonNode parent, String field, String parentPath) {
    JsonNode value = present(parent, field);
    if (value == null) {
      return null;
    }
    if (!value.isNumber()) {
      throw invalid(path(parentPath, field), "expected a number");
    }
    return value.doubleValue();
  }

  Boolean optionalBoolean(JsonNode parent, String field, String parentPath) {
    JsonNode value = present(parent, field);
    if (value == null) {
      return null;
    }
    if (!value.isBoolean()) {
      throw invalid(path(parentPath, field), "expected true or false");
    }
    return value.booleanValue();
  }

  private static JsonNode present(JsonNode parent, String field) {
    JsonNode value = parent.get(field);
    return value == null || value.isNull() ? null : value;
  }
}
