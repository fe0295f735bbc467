package dev.llmrouter.adapters.codec;

import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.model.ProviderFields;
import dev.llmrouter.api.model.ReasoningBlock;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Carries a reasoning block from one provider through a client of another format, inside that
 * format's own opaque slot (Anthropic {@code signature}, Responses {@code encrypted_content}, Gemini
 * {@code thoughtSignature}), so that it comes back unchanged on the next request and can be replayed
 * to the provider that issued it.
 *
 * <p>The envelope is standard base64 of {@code {"llmr":1,"o":origin,"t":text,"s":signature,"r":redacted,"i":id}}:
 * valid base64, because Gemini clients decode {@code thoughtSignature} as bytes.
 */
public final class ReasoningEnvelope {
  private static final String MARKER = "llmr";

  private ReasoningEnvelope() {}

  /** Wraps a block for a client whose format differs from the block's origin. */
  public static String wrap(ReasoningBlock block) {
    ObjectNode node = JsonSupport.NODES.objectNode();
    node.put(MARKER, 1);
    if (block.origin() != null) {
      node.put("o", block.origin().id());
    }
    node.put("t", block.text());
    if (block.signature() != null) {
      node.put("s", block.signature());
    }
    if (block.redacted()) {
      node.put("r", true);
    }
    if (block.id() != null) {
      node.put("i", block.id());
    }
    return Base64.getEncoder().encodeToString(JsonSupport.writeBytes(node));
  }

  /**
   * Unwraps a value read from an opaque slot: the original block if it is an envelope, else
   * {@code null} (the value is a native signature of the slot's own format).
   */
  public static ReasoningBlock unwrap(String value) {
    if (value == null || value.length() < 16 || !value.startsWith("eyJ")) { // base64 of '{"'
      return null;
    }
    byte[] json;
    try {
      json = Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException notBase64) {
      return null;
    }
    JsonNode node = JsonSupport.parseOrNull(new String(json, StandardCharsets.UTF_8));
    if (node == null || !node.isObject() || node.path(MARKER).asInt(0) != 1) {
      return null;
    }
    WireFormat origin = null;
    if (node.hasNonNull("o")) {
      try {
        origin = WireFormat.fromId(node.get("o").asString());
      } catch (IllegalArgumentException unknown) {
        return null;
      }
    }
    return new ReasoningBlock(
        node.path("t").asString(""),
        node.hasNonNull("s") ? node.get("s").asString() : null,
        node.path("r").asBoolean(false),
        node.hasNonNull("i") ? node.get("i").asString() : null,
        origin,
        ProviderFields.EMPTY);
  }
}
