package dev.llmrouter.adapters.codec;

import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.model.ProviderFields;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Map.Entry;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The Jackson setup shared by the codecs, and helpers every codec needs. */
public final class JsonSupport {
  /** One mapper for all codecs: thread-safe once built. */
  public static final JsonMapper MAPPER = JsonMapper.builder().build();

  public static final JsonNodeFactory NODES = MAPPER.getNodeFactory();

  private JsonSupport() {}

  /**
   * Parses a client's request body.
   *
   * @throws LlmException of kind {@link ErrorKind#BAD_REQUEST} saying what is wrong, without echoing the body
   */
  public static ObjectNode parseRequestObject(byte[] body) {
    if (body == null || body.length == 0) {
      throw badRequest("request body is empty; expected a JSON object");
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(body);
    } catch (JacksonException e) {
      throw badRequest("request body is not valid JSON: " + e.getOriginalMessage());
    }
    if (!(node instanceof ObjectNode object)) {
      throw badRequest("request body must be a JSON object");
    }
    return object;
  }

  /**
   * A client's request body after {@code edit}, re-serialized: every field the edit leaves alone keeps
   * its JSON value (key order included), not its bytes.
   */
  public static byte[] rewriteRequest(byte[] body, java.util.function.Consumer<ObjectNode> edit) {
    ObjectNode root = parseRequestObject(body);
    edit.accept(root);
    return MAPPER.writeValueAsBytes(root);
  }

  /** Parses an upstream body; a malformed one is an upstream failure, not the caller's. */
  public static JsonNode parseUpstream(byte[] body) {
    try {
      JsonNode node = MAPPER.readTree(body);
      return node == null ? NODES.missingNode() : node;
    } catch (JacksonException e) {
      throw LlmException.builder(ErrorKind.UPSTREAM_SERVER, "upstream answered with invalid JSON: " + e.getOriginalMessage())
          .build();
    }
  }

  /**
   * Only the top-level field {@code name} of an upstream body, as an object of that field alone (the
   * last one, as a full parse keeps): a byte scan finds it (see {@link ModelField}) and only its value is
   * parsed, for the usage of a passthrough answer. The rest of the body is checked only for its structure.
   */
  public static ObjectNode topLevelField(byte[] body, String name) {
    ObjectNode found = NODES.objectNode();
    int[] span;
    try {
      span = ModelField.topLevelValue(body, name);
    } catch (LlmException notAnObject) {
      throw LlmException.builder(ErrorKind.UPSTREAM_SERVER, "upstream answered with invalid JSON: "
          + notAnObject.getMessage()).build();
    }
    if (span == null) {
      return found;
    }
    try {
      found.set(name, MAPPER.readTree(body, span[0], span[1] - span[0]));
    } catch (JacksonException e) {
      throw LlmException.builder(ErrorKind.UPSTREAM_SERVER, "upstream answered with invalid JSON: " + e.getOriginalMessage())
          .build();
    }
    return found;
  }

  /** Parses JSON text such as tool arguments or a schema, or returns {@code null} if it is not valid JSON. */
  public static JsonNode parseOrNull(String json) {
    if (json == null || json.isBlank()) {
      return null;
    }
    try {
      return MAPPER.readTree(json);
    } catch (JacksonException e) {
      return null;
    }
  }

  /** Compact JSON text of a node. */
  public static String write(JsonNode node) {
    return MAPPER.writeValueAsString(node);
  }

  public static byte[] writeBytes(JsonNode node) {
    return MAPPER.writeValueAsBytes(node);
  }

  /** A {@link ErrorKind#BAD_REQUEST} exception with a safe message. */
  public static LlmException badRequest(String message) {
    return LlmException.builder(ErrorKind.BAD_REQUEST, message).build();
  }

  /** The fields of {@code object} not named in {@code known}, as a {@link ProviderFields} bag. */
  public static ProviderFields unknownFields(ObjectNode object, Set<String> known, WireFormat origin) {
    Map<String, String> extras = null;
    for (Entry<String, JsonNode> property : object.properties()) {
      if (!known.contains(property.getKey())) {
        if (extras == null) {
          extras = new LinkedHashMap<>();
        }
        extras.put(property.getKey(), write(property.getValue()));
      }
    }
    return extras == null ? ProviderFields.EMPTY : ProviderFields.of(origin, extras);
  }

  /** Writes the fields of {@code extras} meant for {@code target} into {@code object}, without replacing set fields. */
  public static void putExtras(ObjectNode object, ProviderFields extras, WireFormat target) {
    for (Entry<String, String> field : extras.fieldsFor(target).entrySet()) {
      if (!object.has(field.getKey())) {
        JsonNode value = parseOrNull(field.getValue());
        if (value != null) {
          object.set(field.getKey(), value);
        }
      }
    }
  }
}
