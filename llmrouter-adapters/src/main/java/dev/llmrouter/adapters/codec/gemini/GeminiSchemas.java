package dev.llmrouter.adapters.codec.gemini;

import dev.llmrouter.adapters.codec.JsonSupport;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Conversions between JSON Schema and Gemini's schema dialects.
 *
 * <p>Gemini has two slots for a schema: {@code parametersJsonSchema} / {@code responseJsonSchema}, which
 * take JSON Schema, and {@code parameters} / {@code responseSchema}, which take a protobuf {@code Schema}
 * (an OpenAPI 3.0 subset) whose parser rejects the whole request at the first keyword it does not know.
 */
public final class GeminiSchemas {
  /** The keywords Gemini's {@code Schema} message has (the API has no {@code additionalProperties}). */
  private static final Set<String> OPENAPI_KEYWORDS = Set.of(
      "type", "format", "title", "description", "nullable", "enum", "items", "minItems", "maxItems",
      "properties", "required", "minProperties", "maxProperties", "minLength", "maxLength", "pattern",
      "minimum", "maximum", "anyOf", "example", "propertyOrdering");

  private static final Set<String> SCHEMA_MAP_KEYWORDS =
      Set.of("properties", "patternProperties", "$defs", "definitions", "dependentSchemas");
  private static final Set<String> SCHEMA_LIST_KEYWORDS = Set.of("anyOf", "oneOf", "allOf", "prefixItems");
  private static final Set<String> SCHEMA_KEYWORDS = Set.of(
      "items", "additionalProperties", "additionalItems", "not", "if", "then", "else", "contains",
      "propertyNames", "unevaluatedProperties", "unevaluatedItems");

  private GeminiSchemas() {}

  /**
   * Rewrites a JSON Schema into the OpenAPI subset that Gemini's {@code parameters} and
   * {@code responseSchema} accept. The input is not modified.
   *
   * <p>Keywords the subset lacks are removed, or rewritten where an equivalent exists: {@code const}
   * becomes a one-value {@code enum}; a type list with {@code "null"} and an {@code anyOf} with a null
   * branch become {@code nullable}; {@code oneOf} becomes {@code anyOf}; {@code allOf} is merged when its
   * branches do not conflict; {@code $ref} is inlined from {@code $defs}/{@code definitions};
   * {@code exclusiveMinimum}/{@code exclusiveMaximum} on integers become inclusive bounds. What only a
   * reader can use ({@code default}, an unsupported {@code format}, a bound or value set that cannot be
   * expressed) is appended to the {@code description}, e.g. {@code "(format: uri)"}. Only {@code enum}
   * and {@code date-time} formats are kept on strings, {@code int32}/{@code int64} on integers and
   * {@code float}/{@code double} on numbers; {@code enum} keeps string values only. Types are written in
   * lower case.
   */
  public static JsonNode toOpenApiSubset(JsonNode jsonSchema) {
    if (jsonSchema == null || !jsonSchema.isObject()) {
      return JsonSupport.NODES.objectNode().put("type", "object");
    }
    ObjectNode definitions = JsonSupport.NODES.objectNode();
    for (String key : List.of("definitions", "$defs")) {
      if (jsonSchema.get(key) instanceof ObjectNode defs) {
        definitions.setAll(defs);
      }
    }
    JsonNode result = new Sanitiser(definitions).sanitise(jsonSchema);
    return result == null ? JsonSupport.NODES.objectNode() : result;
  }

  /**
   * Reads a schema written in Gemini's OpenAPI subset as JSON Schema: types in lower case,
   * {@code nullable: true} as a {@code "null"} type (or {@code anyOf} branch).
   */
  static JsonNode fromOpenApi(JsonNode schema) {
    return transform(schema, true);
  }

  /** Lower-cases {@code type} values ({@code "OBJECT"} → {@code "object"}) in every subschema. */
  static JsonNode lowerCaseTypes(JsonNode schema) {
    return transform(schema, false);
  }

  private static JsonNode transform(JsonNode schema, boolean nullableToType) {
    if (!(schema instanceof ObjectNode object)) {
      return schema == null ? null : schema.deepCopy();
    }
    ObjectNode out = JsonSupport.NODES.objectNode();
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      String key = field.getKey();
      JsonNode value = field.getValue();
      if ("type".equals(key)) {
        out.set(key, lowerCaseType(value));
      } else if (SCHEMA_MAP_KEYWORDS.contains(key) && value instanceof ObjectNode map) {
        ObjectNode copy = out.putObject(key);
        for (Map.Entry<String, JsonNode> entry : map.properties()) {
          copy.set(entry.getKey(), transform(entry.getValue(), nullableToType));
        }
      } else if ((SCHEMA_LIST_KEYWORDS.contains(key) || "items".equals(key)) && value instanceof ArrayNode list) {
        ArrayNode copy = out.putArray(key);
        for (JsonNode item : list) {
          copy.add(transform(item, nullableToType));
        }
      } else if (SCHEMA_KEYWORDS.contains(key)) {
        out.set(key, transform(value, nullableToType));
      } else {
        out.set(key, value.deepCopy());
      }
    }
    if (nullableToType && out.has("nullable")) {
      boolean nullable = out.remove("nullable").asBoolean(false);
      if (nullable) {
        addNullType(out);
      }
    }
    return out;
  }

  private static void addNullType(ObjectNode schema) {
    JsonNode type = schema.get("type");
    if (type != null && type.isString()) {
      ArrayNode types = JsonSupport.NODES.arrayNode().add(type.stringValue());
      if (!"null".equals(type.stringValue())) {
        types.add("null");
      }
      schema.set("type", types);
    } else if (type instanceof ArrayNode types) {
      boolean hasNull = false;
      for (JsonNode t : types) {
        hasNull |= "null".equals(t.asString(""));
      }
      if (!hasNull) {
        types.add("null");
      }
    } else if (schema.get("anyOf") instanceof ArrayNode branches) {
      branches.addObject().put("type", "null");
    } else {
      schema.putArray("anyOf").addObject().put("type", "null");
    }
  }

  private static JsonNode lowerCaseType(JsonNode type) {
    if (type.isString()) {
      return JsonSupport.NODES.stringNode(type.stringValue().toLowerCase(Locale.ROOT));
    }
    if (type.isArray()) {
      ArrayNode types = JsonSupport.NODES.arrayNode();
      for (JsonNode t : type) {
        types.add(t.isString() ? JsonSupport.NODES.stringNode(t.stringValue().toLowerCase(Locale.ROOT)) : t);
      }
      return types;
    }
    return type.deepCopy();
  }

  /** One pass of {@link #toOpenApiSubset}: {@code $ref} targets are inlined, with a guard against cycles. */
  private static final class Sanitiser {
    private final ObjectNode definitions;
    private final Deque<String> refsInProgress = new ArrayDeque<>();

    Sanitiser(ObjectNode definitions) {
      this.definitions = definitions;
    }

    /** The sanitised schema, or {@code null} for the schema {@code false} (nothing is allowed). */
    JsonNode sanitise(JsonNode schema) {
      if (schema == null || schema.isBoolean()) {
        return schema != null && !schema.booleanValue() ? null : JsonSupport.NODES.objectNode();
      }
      if (!(schema instanceof ObjectNode input)) {
        return JsonSupport.NODES.objectNode();
      }
      ObjectNode s = (ObjectNode) lowerCaseTypes(input);
      List<String> notes = new ArrayList<>();

      if (s.has("$ref")) {
        ObjectNode resolved = resolveRef(s);
        if (resolved != null) {
          return resolved;
        }
      }
      mergeAllOf(s);
      if (s.has("oneOf")) {
        JsonNode oneOf = s.remove("oneOf");
        if (!s.has("anyOf")) {
          s.set("anyOf", oneOf);
        }
      }
      boolean nullable = s.path("nullable").asBoolean(false);
      if (s.has("const")) {
        JsonNode value = s.remove("const");
        if (value.isString()) {
          s.set("enum", JsonSupport.NODES.arrayNode().add(value.stringValue()));
          if (!s.has("type")) {
            s.put("type", "string");
          }
        } else if (value.isNull()) {
          nullable = true;
        } else {
          notes.add("const: " + JsonSupport.write(value));
        }
      }
      JsonNode type = s.get("type");
      if (type instanceof ArrayNode types) {
        List<String> concrete = new ArrayList<>();
        for (JsonNode t : types) {
          if ("null".equals(t.asString(""))) {
            nullable = true;
          } else if (t.isString()) {
            concrete.add(t.stringValue());
          }
        }
        s.remove("type");
        if (concrete.size() == 1) {
          s.put("type", concrete.get(0));
        } else if (concrete.size() > 1 && !s.has("anyOf")) {
          ArrayNode branches = s.putArray("anyOf");
          for (String t : concrete) {
            branches.addObject().put("type", t);
          }
        } else if (concrete.isEmpty() && nullable) {
          s.put("type", "null");
        }
      }
      if (s.get("anyOf") instanceof ArrayNode anyOf) {
        nullable |= sanitiseAnyOf(s, anyOf);
      }
      if (s.get("enum") instanceof ArrayNode values) {
        nullable |= sanitiseEnum(s, values, notes);
      }
      String typeName = s.path("type").asString("");
      bound(s, "exclusiveMinimum", "minimum", 1, typeName, notes);
      bound(s, "exclusiveMaximum", "maximum", -1, typeName, notes);
      if (s.has("format")) {
        String format = s.remove("format").asString("");
        if (keepsFormat(typeName, format)) {
          s.put("format", format);
        } else {
          notes.add("format: " + format);
        }
      }
      if (s.has("default")) {
        JsonNode value = s.remove("default");
        notes.add("default: " + (value.isString() ? value.stringValue() : JsonSupport.write(value)));
      }
      sanitiseChildren(s);
      if (!s.has("type")) {
        if (s.has("properties")) {
          s.put("type", "object");
        } else if (s.has("items")) {
          s.put("type", "array");
        }
      }
      s.remove("nullable");
      if (nullable && !"null".equals(s.path("type").asString(""))) {
        s.put("nullable", true);
      }
      if (!notes.isEmpty()) {
        String description = s.path("description").asString("");
        StringBuilder sb = new StringBuilder(description);
        for (String note : notes) {
          if (sb.length() > 0) {
            sb.append(' ');
          }
          sb.append('(').append(note).append(')');
        }
        s.put("description", sb.toString());
      }
      s.retain(OPENAPI_KEYWORDS);
      return s;
    }

    /** Replaces {@code $ref} with its target merged with the sibling keywords; {@code null} if unresolvable. */
    private ObjectNode resolveRef(ObjectNode s) {
      String ref = s.remove("$ref").asString("");
      String name = null;
      for (String prefix : List.of("#/$defs/", "#/definitions/")) {
        if (ref.startsWith(prefix)) {
          name = ref.substring(prefix.length());
        }
      }
      JsonNode target = name == null ? null : definitions.get(name);
      if (!(target instanceof ObjectNode targetObject)) {
        return null;
      }
      if (refsInProgress.contains(name)) {
        // a recursive type cannot be inlined: leave it open
        ObjectNode open = JsonSupport.NODES.objectNode().put("type", "object");
        if (s.has("description")) {
          open.set("description", s.get("description"));
        }
        return open;
      }
      ObjectNode merged = targetObject.deepCopy();
      merged.setAll(s);
      refsInProgress.push(name);
      try {
        JsonNode result = sanitise(merged);
        return result instanceof ObjectNode object ? object : JsonSupport.NODES.objectNode();
      } finally {
        refsInProgress.pop();
      }
    }

    /** Folds {@code allOf} into the schema when no two branches disagree; otherwise drops it. */
    private void mergeAllOf(ObjectNode s) {
      JsonNode allOf = s.remove("allOf");
      if (!(allOf instanceof ArrayNode branches)) {
        return;
      }
      ObjectNode merged = s.deepCopy();
      for (JsonNode branch : branches) {
        if (!(branch instanceof ObjectNode b)) {
          return;
        }
        ObjectNode branchObject = b;
        if (branchObject.has("$ref")) {
          ObjectNode resolved = resolveRef(branchObject.deepCopy());
          if (resolved == null) {
            return;
          }
          branchObject = resolved;
        }
        for (Map.Entry<String, JsonNode> field : branchObject.properties()) {
          String key = field.getKey();
          JsonNode value = field.getValue();
          JsonNode existing = merged.get(key);
          if (existing == null) {
            merged.set(key, value.deepCopy());
          } else if ("properties".equals(key) && existing instanceof ObjectNode props && value.isObject()) {
            for (Map.Entry<String, JsonNode> prop : value.properties()) {
              JsonNode known = props.get(prop.getKey());
              if (known != null && !known.equals(prop.getValue())) {
                return;
              }
              props.set(prop.getKey(), prop.getValue().deepCopy());
            }
          } else if ("required".equals(key) && existing.isArray() && value.isArray()) {
            Set<String> names = new LinkedHashSet<>();
            existing.forEach(n -> names.add(n.asString("")));
            value.forEach(n -> names.add(n.asString("")));
            ArrayNode union = merged.putArray("required");
            names.forEach(union::add);
          } else if (!existing.equals(value)) {
            return;
          }
        }
      }
      s.removeAll();
      s.setAll(merged);
    }

    /** Sanitises the branches, removing null branches; returns whether one was removed. */
    private boolean sanitiseAnyOf(ObjectNode s, ArrayNode anyOf) {
      boolean sawNull = false;
      List<ObjectNode> branches = new ArrayList<>();
      for (JsonNode branch : anyOf) {
        JsonNode clean = sanitise(branch);
        if (!(clean instanceof ObjectNode object)) {
          continue;
        }
        if ("null".equals(object.path("type").asString("")) && object.size() <= 2 && (object.size() == 1 || object.has("description"))) {
          sawNull = true;
        } else {
          branches.add(object);
        }
      }
      s.remove("anyOf");
      if (branches.size() == 1) {
        for (Map.Entry<String, JsonNode> field : branches.get(0).properties()) {
          if (!s.has(field.getKey())) {
            s.set(field.getKey(), field.getValue());
          }
        }
        sawNull |= branches.get(0).path("nullable").asBoolean(false);
      } else if (!branches.isEmpty()) {
        ArrayNode clean = s.putArray("anyOf");
        branches.forEach(clean::add);
      }
      return sawNull;
    }

    /** Keeps string values only; other values are described. Returns whether {@code null} was a value. */
    private static boolean sanitiseEnum(ObjectNode s, ArrayNode values, List<String> notes) {
      boolean sawNull = false;
      boolean allStrings = true;
      ArrayNode strings = JsonSupport.NODES.arrayNode();
      List<String> described = new ArrayList<>();
      for (JsonNode value : values) {
        if (value.isNull()) {
          sawNull = true;
        } else if (value.isString()) {
          strings.add(value.stringValue());
          described.add(value.stringValue());
        } else {
          allStrings = false;
          described.add(JsonSupport.write(value));
        }
      }
      if (allStrings && !strings.isEmpty()) {
        s.set("enum", strings);
        if (!s.has("type")) {
          s.put("type", "string");
        }
      } else {
        s.remove("enum");
        if (!described.isEmpty()) {
          notes.add("one of: " + String.join(", ", described));
        }
      }
      return sawNull;
    }

    /**
     * Rewrites an exclusive bound: on integers as the next inclusive value, otherwise as a note. Accepts
     * both the numeric form and draft 4's boolean flag on {@code minimum}/{@code maximum}.
     */
    private static void bound(ObjectNode s, String exclusiveKey, String inclusiveKey, int step, String type,
        List<String> notes) {
      JsonNode exclusive = s.remove(exclusiveKey);
      if (exclusive == null) {
        return;
      }
      JsonNode limit = exclusive;
      if (exclusive.isBoolean()) {
        if (!exclusive.booleanValue() || !s.path(inclusiveKey).isNumber()) {
          return;
        }
        limit = s.remove(inclusiveKey);
      }
      if (!limit.isNumber()) {
        return;
      }
      BigDecimal value = limit.decimalValue();
      boolean integral = value.stripTrailingZeros().scale() <= 0;
      if ("integer".equals(type) && integral) {
        BigInteger inclusive = value.toBigInteger().add(BigInteger.valueOf(step));
        JsonNode existing = s.get(inclusiveKey);
        if (existing != null && existing.isNumber()) {
          BigInteger current = step > 0
              ? existing.decimalValue().setScale(0, RoundingMode.CEILING).toBigInteger()
              : existing.decimalValue().setScale(0, RoundingMode.FLOOR).toBigInteger();
          inclusive = step > 0 ? inclusive.max(current) : inclusive.min(current);
        }
        if (inclusive.bitLength() < 64) {
          s.put(inclusiveKey, inclusive.longValue());
        } else {
          s.put(inclusiveKey, inclusive);
        }
      } else {
        notes.add(exclusiveKey + ": " + limit.asString());
      }
    }

    private static boolean keepsFormat(String type, String format) {
      switch (type) {
        case "string":
          return "enum".equals(format) || "date-time".equals(format);
        case "integer":
          return "int32".equals(format) || "int64".equals(format);
        case "number":
          return "float".equals(format) || "double".equals(format);
        default:
          return false;
      }
    }

    private void sanitiseChildren(ObjectNode s) {
      if (s.get("properties") instanceof ObjectNode properties) {
        ObjectNode clean = JsonSupport.NODES.objectNode();
        for (Map.Entry<String, JsonNode> property : properties.properties()) {
          JsonNode child = sanitise(property.getValue());
          if (child != null) {
            clean.set(property.getKey(), child);
          }
        }
        s.set("properties", clean);
        if (s.get("required") instanceof ArrayNode required) {
          ArrayNode kept = JsonSupport.NODES.arrayNode();
          Set<String> seen = new LinkedHashSet<>();
          for (JsonNode name : required) {
            if (name.isString() && clean.has(name.stringValue()) && seen.add(name.stringValue())) {
              kept.add(name.stringValue());
            }
          }
          s.set("required", kept);
        }
      } else if (s.has("properties")) {
        s.remove("properties");
      }
      JsonNode items = s.get("items");
      if (items instanceof ArrayNode tuple) {
        // the subset has no tuples: any listed item schema is accepted
        ObjectNode anyItem = JsonSupport.NODES.objectNode();
        if (tuple.size() == 1) {
          anyItem = tuple.get(0) instanceof ObjectNode only ? only : anyItem;
        } else if (tuple.size() > 1) {
          anyItem.set("anyOf", tuple);
        }
        items = anyItem;
      }
      if (items != null) {
        JsonNode child = sanitise(items);
        if (child == null) {
          s.remove("items");
        } else {
          s.set("items", child);
        }
      }
    }
  }
}
