package dev.llmrouter.adapters.codec.matrix;

import dev.llmrouter.adapters.codec.JsonSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The comparison rules of {@code fixtures/manifest.json → compare_rules}, as tree normalisations
 * applied to both sides before a structural diff:
 *
 * <ol>
 *   <li>ids minted per response, timestamps, {@code model}, {@code system_fingerprint},
 *       {@code service_tier} echoes and the Responses echo fields are removed;
 *   <li>tool arguments are compared as parsed JSON ({@code arguments} strings are parsed);
 *   <li>opaque values (Anthropic {@code signature} and redacted {@code data}, Responses
 *       {@code encrypted_content}, Gemini {@code thoughtSignature}) become a presence marker when the
 *       two sides are different protocols; same protocol, they must be byte-identical;
 *   <li>Chat {@code refusal}, {@code annotations} and {@code logprobs} are removed when null or empty.
 * </ol>
 */
final class JsonCompare {
  static final String OPAQUE = "<opaque value present>";

  private JsonCompare() {}

  /** A request body, normalised. */
  static ObjectNode request(JsonNode body, boolean opaqueAsPresence) {
    ObjectNode copy = (ObjectNode) body.deepCopy();
    copy.remove("model");
    common(copy, opaqueAsPresence);
    return copy;
  }

  /** A whole response body of {@code format}, normalised. */
  static ObjectNode response(Format format, JsonNode body, boolean opaqueAsPresence) {
    ObjectNode copy = (ObjectNode) body.deepCopy();
    switch (format) {
      case ANTHROPIC:
        copy.remove(List.of("id", "model"));
        if (copy.get("usage") instanceof ObjectNode usage) {
          usage.remove("service_tier");
        }
        break;
      case CHAT:
        copy.remove(List.of("id", "created", "model", "system_fingerprint", "service_tier"));
        for (JsonNode choice : copy.path("choices")) {
          removeIfEmpty((ObjectNode) choice, "logprobs");
          if (choice.get("message") instanceof ObjectNode message) {
            removeIfEmpty(message, "refusal");
            removeIfEmpty(message, "annotations");
          }
        }
        break;
      case RESPONSES:
        copy.retain(Set.of("status", "output", "usage", "error", "incomplete_details"));
        for (JsonNode item : copy.path("output")) {
          ((ObjectNode) item).remove("id");
        }
        break;
      default:
        copy.remove(List.of("responseId", "modelVersion", "createTime"));
    }
    common(copy, opaqueAsPresence);
    return copy;
  }

  private static void removeIfEmpty(ObjectNode node, String field) {
    JsonNode value = node.get(field);
    if (value != null && (value.isNull() || value.isContainer() && value.isEmpty())) {
      node.remove(field);
    }
  }

  private static void common(ObjectNode root, boolean opaqueAsPresence) {
    walk(root, node -> {
      if (!(node instanceof ObjectNode object)) {
        return;
      }
      JsonNode arguments = object.get("arguments");
      if (arguments != null && arguments.isString()) {
        JsonNode parsed = JsonSupport.parseOrNull(arguments.stringValue());
        if (parsed != null) {
          object.set("arguments", parsed);
        }
      }
      if (opaqueAsPresence) {
        for (String field : List.of("signature", "encrypted_content", "thoughtSignature")) {
          markPresence(object, field);
        }
        if ("redacted_thinking".equals(object.path("type").asString(""))) {
          markPresence(object, "data");
        }
      }
    });
  }

  private static void markPresence(ObjectNode object, String field) {
    JsonNode value = object.get(field);
    if (value != null && value.isString() && !value.stringValue().isEmpty()) {
      object.put(field, OPAQUE);
    }
  }

  static void walk(JsonNode node, Consumer<JsonNode> visitor) {
    visitor.accept(node);
    if (node.isContainer()) {
      for (JsonNode child : node.values()) {
        walk(child, visitor);
      }
    }
  }

  /** Every difference between two trees, as {@code path: expected … but was …}; numbers by value. */
  static List<String> diff(JsonNode expected, JsonNode actual) {
    List<String> out = new ArrayList<>();
    diff("$", expected, actual, out);
    return out;
  }

  private static void diff(String path, JsonNode e, JsonNode a, List<String> out) {
    if (e == null || a == null) {
      out.add(path + ": expected " + e + " but was " + a);
      return;
    }
    if (e.isNumber() && a.isNumber()) {
      if (e.decimalValue().compareTo(a.decimalValue()) != 0) {
        out.add(path + ": expected " + e + " but was " + a);
      }
      return;
    }
    if (e.isObject() && a.isObject()) {
      Set<String> names = new TreeSet<>(e.propertyNames());
      names.addAll(a.propertyNames());
      for (String name : names) {
        if (!e.has(name)) {
          out.add(path + "." + name + ": unexpected " + a.get(name));
        } else if (!a.has(name)) {
          out.add(path + "." + name + ": missing, expected " + e.get(name));
        } else {
          diff(path + "." + name, e.get(name), a.get(name), out);
        }
      }
      return;
    }
    if (e.isArray() && a.isArray()) {
      if (e.size() != a.size()) {
        out.add(path + ": expected " + e.size() + " items " + e + " but was " + a.size() + " items " + a);
        return;
      }
      for (int i = 0; i < e.size(); i++) {
        diff(path + "[" + i + "]", e.get(i), a.get(i), out);
      }
      return;
    }
    if (!e.equals(a)) {
      out.add(path + ": expected " + e + " but was " + a);
    }
  }

  /**
   * Removes what {@code path} selects; returns whether anything was removed. Paths are dotted field
   * names, each optionally followed by {@code [*]} (every element) or {@code [n]}; the last segment
   * names the field (or, with an index, the element) to remove.
   */
  static boolean remove(JsonNode root, String path) {
    String[] segments = path.split("\\.");
    return remove(root, segments, 0);
  }

  private static boolean remove(JsonNode node, String[] segments, int at) {
    String segment = segments[at];
    String field = segment;
    String index = null;
    int bracket = segment.indexOf('[');
    if (bracket >= 0) {
      field = segment.substring(0, bracket);
      index = segment.substring(bracket + 1, segment.length() - 1);
    }
    boolean last = at == segments.length - 1;
    if (!(node instanceof ObjectNode object) || !object.has(field)) {
      return false;
    }
    if (index == null) {
      if (last) {
        object.remove(field);
        return true;
      }
      return remove(object.get(field), segments, at + 1);
    }
    if (!(object.get(field) instanceof ArrayNode array)) {
      return false;
    }
    boolean removed = false;
    if (index.equals("*")) {
      if (last) {
        removed = !array.isEmpty();
        array.removeAll();
        return removed;
      }
      for (JsonNode element : array) {
        removed |= remove(element, segments, at + 1);
      }
      return removed;
    }
    int i = Integer.parseInt(index);
    if (i >= array.size()) {
      return false;
    }
    if (last) {
      array.remove(i);
      return true;
    }
    return remove(array.get(i), segments, at + 1);
  }
}
