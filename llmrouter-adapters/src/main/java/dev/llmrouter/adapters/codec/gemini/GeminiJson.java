package dev.llmrouter.adapters.codec.gemini;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.model.ProviderFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Typed reads of Gemini JSON that fail with a message naming the field, and the handling of
 * {@link ProviderFields} extras for this format.
 *
 * <p>Extras keys that start with {@value #MARKER_PREFIX} are the codec's own notes (for example where a
 * thought signature rode); they are never written to the wire. Every other extras key is a Gemini field
 * name; when its value is an object, it holds only the fields the canonical model did not map, and is
 * merged into the object of the same name without replacing what the encoder wrote.
 */
final class GeminiJson {
  static final String MARKER_PREFIX = "llmr:";

  private GeminiJson() {}

  /** Who wrote the JSON being read: a client (its mistakes are bad requests) or an upstream. */
  enum Source {
    CLIENT,
    UPSTREAM;

    LlmException invalid(String message) {
      if (this == CLIENT) {
        return JsonSupport.badRequest(message);
      }
      return LlmException.builder(ErrorKind.UPSTREAM_SERVER, "Gemini upstream sent an invalid response: " + message)
          .build();
    }
  }

  static ObjectNode object(JsonNode parent, String field, String path, Source source) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!(value instanceof ObjectNode object)) {
      throw source.invalid(path + field + " must be an object");
    }
    return object;
  }

  static ArrayNode array(JsonNode parent, String field, String path, Source source) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!(value instanceof ArrayNode array)) {
      throw source.invalid(path + field + " must be an array");
    }
    return array;
  }

  static String string(JsonNode parent, String field, String path, Source source) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isString()) {
      throw source.invalid(path + field + " must be a string");
    }
    return value.stringValue();
  }

  static String requiredString(JsonNode parent, String field, String path, Source source) {
    String value = string(parent, field, path, source);
    if (value == null) {
      throw source.invalid(path + field + " is required");
    }
    return value;
  }

  static Double number(JsonNode parent, String field, String path, Source source) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isNumber()) {
      throw source.invalid(path + field + " must be a number");
    }
    return value.doubleValue();
  }

  static Long integer(JsonNode parent, String field, String path, Source source) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    // proto3 JSON writes 64-bit integers as strings; accept both spellings
    if (value.isString()) {
      try {
        return Long.parseLong(value.stringValue().trim());
      } catch (NumberFormatException e) {
        throw source.invalid(path + field + " must be an integer");
      }
    }
    if (!value.isNumber() || !value.canConvertToExactIntegral() || !value.canConvertToLong()) {
      throw source.invalid(path + field + " must be an integer");
    }
    return value.longValue();
  }

  static Integer int32(JsonNode parent, String field, String path, Source source) {
    Long value = integer(parent, field, path, source);
    if (value == null) {
      return null;
    }
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw source.invalid(path + field + " is out of range");
    }
    return value.intValue();
  }

  static Boolean bool(JsonNode parent, String field, String path, Source source) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isBoolean()) {
      throw source.invalid(path + field + " must be true or false");
    }
    return value.booleanValue();
  }

  /** A token count: absent means zero (proto3 JSON omits zeros). */
  static long count(JsonNode parent, String field) {
    JsonNode value = parent == null ? null : parent.get(field);
    if (value == null) {
      return 0;
    }
    if (value.isString()) {
      try {
        return Math.max(0, Long.parseLong(value.stringValue().trim()));
      } catch (NumberFormatException e) {
        return 0;
      }
    }
    return value.isNumber() ? Math.max(0, value.asLong()) : 0;
  }

  static List<String> strings(JsonNode parent, String field, String path, Source source) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    List<String> result = new ArrayList<>();
    if (value.isString()) {
      result.add(value.stringValue());
      return result;
    }
    if (!value.isArray()) {
      throw source.invalid(path + field + " must be an array of strings");
    }
    for (JsonNode item : value) {
      if (!item.isString()) {
        throw source.invalid(path + field + " must be an array of strings");
      }
      result.add(item.stringValue());
    }
    return result;
  }

  /** The fields of {@code object} not in {@code known}, as a new object, or {@code null} when there are none. */
  static ObjectNode remainder(ObjectNode object, Set<String> known) {
    ObjectNode rest = null;
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      if (!known.contains(field.getKey())) {
        if (rest == null) {
          rest = JsonSupport.NODES.objectNode();
        }
        rest.set(field.getKey(), field.getValue());
      }
    }
    return rest;
  }

  /** Extras of format {@link WireFormat#GEMINI}, from an object of raw fields. */
  static ProviderFields fields(ObjectNode rawFields) {
    if (rawFields == null || rawFields.isEmpty()) {
      return ProviderFields.EMPTY;
    }
    return JsonSupport.unknownFields(rawFields, Set.of(), WireFormat.GEMINI);
  }

  static ProviderFields withField(ProviderFields extras, String name, JsonNode value) {
    if (extras.origin() != null && extras.origin() != WireFormat.GEMINI) {
      extras = ProviderFields.EMPTY;
    }
    return extras.with(WireFormat.GEMINI, name, JsonSupport.write(value));
  }

  static ProviderFields withMarker(ProviderFields extras, String marker, String value) {
    return withField(extras, MARKER_PREFIX + marker, JsonSupport.NODES.stringNode(value));
  }

  /** A marker written by this codec, or {@code null}. */
  static String marker(ProviderFields extras, String marker) {
    String raw = extras.fieldsFor(WireFormat.GEMINI).get(MARKER_PREFIX + marker);
    JsonNode value = JsonSupport.parseOrNull(raw);
    return value != null && value.isString() ? value.stringValue() : null;
  }

  /** One extras field as JSON, when the extras were read from Gemini; else {@code null}. */
  static JsonNode field(ProviderFields extras, String name) {
    return JsonSupport.parseOrNull(extras.fieldsFor(WireFormat.GEMINI).get(name));
  }

  /**
   * Writes Gemini extras into {@code target}: absent fields are set, objects are merged recursively;
   * nothing the encoder already wrote is replaced. Markers and the names in {@code skip} are left out.
   */
  static void mergeExtras(ObjectNode target, ProviderFields extras, Set<String> skip) {
    for (Map.Entry<String, String> field : extras.fieldsFor(WireFormat.GEMINI).entrySet()) {
      String name = field.getKey();
      if (name.startsWith(MARKER_PREFIX) || skip.contains(name)) {
        continue;
      }
      JsonNode value = JsonSupport.parseOrNull(field.getValue());
      if (value != null) {
        mergeField(target, name, value);
      }
    }
  }

  /** Sets the fields of {@code source} that {@code target} lacks, recursing into objects present in both. */
  static void mergeMissing(ObjectNode target, JsonNode source) {
    for (Map.Entry<String, JsonNode> field : source.properties()) {
      mergeField(target, field.getKey(), field.getValue());
    }
  }

  private static void mergeField(ObjectNode target, String name, JsonNode value) {
    JsonNode existing = target.get(name);
    if (existing == null) {
      target.set(name, value.deepCopy());
    } else if (existing instanceof ObjectNode existingObject && value.isObject()) {
      mergeMissing(existingObject, value);
    } else if (existing instanceof ArrayNode existingArray && value.isArray() && existingArray.size() == value.size()) {
      for (int i = 0; i < value.size(); i++) {
        if (existingArray.get(i) instanceof ObjectNode element && value.get(i).isObject()) {
          mergeMissing(element, value.get(i));
        }
      }
    }
  }
}
