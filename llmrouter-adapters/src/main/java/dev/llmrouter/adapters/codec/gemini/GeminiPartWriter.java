package dev.llmrouter.adapters.codec.gemini;

import static dev.llmrouter.adapters.codec.gemini.GeminiPartDecoder.NEXT;
import static dev.llmrouter.adapters.codec.gemini.GeminiPartDecoder.OWN;
import static dev.llmrouter.adapters.codec.gemini.GeminiPartDecoder.PREVIOUS;
import static dev.llmrouter.adapters.codec.gemini.GeminiPartDecoder.SIGNATURE_ON;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.adapters.codec.ReasoningEnvelope;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.model.ContentBlock;
import dev.llmrouter.api.model.DocumentBlock;
import dev.llmrouter.api.model.ImageBlock;
import dev.llmrouter.api.model.ProviderFields;
import dev.llmrouter.api.model.ReasoningBlock;
import dev.llmrouter.api.model.TextBlock;
import dev.llmrouter.api.model.ToolCallBlock;
import dev.llmrouter.api.model.ToolResultBlock;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the canonical blocks of one turn as Gemini parts, putting each thought signature on the part
 * it came with (see {@link GeminiPartDecoder} for the markers).
 *
 * <p>Reasoning of another origin is dropped in requests (Gemini cannot use it). In responses to a
 * Gemini client it travels as a {@link ReasoningEnvelope} in the {@code thoughtSignature} of the
 * function call it led to (or of the last part), so the client brings it back on its next request;
 * its text becomes a {@code thought} part only when the client asked for thoughts.
 */
final class GeminiPartWriter {
  private static final Set<String> NONE = Set.of();

  private final boolean request;
  private final boolean includeThoughts;
  private final Function<String, String> toolNames;

  /**
   * @param request whether the parts go to an upstream (else to a client)
   * @param includeThoughts whether a client asked for thoughts
   * @param toolNames the tool name of a call id, for results that do not name their tool
   */
  GeminiPartWriter(boolean request, boolean includeThoughts, Function<String, String> toolNames) {
    this.request = request;
    this.includeThoughts = includeThoughts;
    this.toolNames = toolNames;
  }

  ArrayNode write(List<ContentBlock> blocks) {
    ArrayNode parts = JsonSupport.NODES.arrayNode();
    String forNextPart = null;
    String forNextCall = null;
    String forLastPart = null;
    for (int i = 0; i < blocks.size(); i++) {
      ContentBlock block = blocks.get(i);
      if (block instanceof ReasoningBlock original) {
        ReasoningBlock r = ownOrigin(original);
        if (r.origin() == WireFormat.GEMINI) {
          String placement = GeminiJson.marker(r.extras(), SIGNATURE_ON);
          String signature = nonEmpty(r.signature());
          if (placement == null && !r.text().isEmpty()) {
            parts.add(thoughtPart(r.text(), signature, r.extras()));
          } else if (signature == null) {
            continue;
          } else if (NEXT.equals(placement)) {
            forNextPart = queue(parts, forNextPart, signature);
          } else if (PREVIOUS.equals(placement)) {
            attachToLastOrOwn(parts, signature);
          } else if (OWN.equals(placement)) {
            parts.add(signaturePart(signature));
          } else if (callFollows(blocks, i)) {
            forNextCall = queue(parts, forNextCall, signature);
          } else if (!attachToLast(parts, signature)) {
            forNextPart = queue(parts, forNextPart, signature);
          }
        } else if (!request) {
          if (includeThoughts && !r.text().isEmpty()) {
            parts.add(thoughtPart(r.text(), null, ProviderFields.EMPTY));
          }
          String envelope = envelope(r);
          if (envelope != null && callFollows(blocks, i)) {
            forNextCall = queue(parts, forNextCall, envelope);
          } else if (envelope != null) {
            forLastPart = queue(parts, forLastPart, envelope);
          }
        }
        continue;
      }
      ObjectNode part = part(block);
      if (part == null) {
        continue;
      }
      if (block instanceof ToolCallBlock && forNextCall != null) {
        part.put("thoughtSignature", forNextCall);
        forNextCall = null;
      } else if (forNextPart != null && !part.has("thoughtSignature")) {
        part.put("thoughtSignature", forNextPart);
        forNextPart = null;
      }
      parts.add(part);
    }
    for (String left : new String[] {forNextPart, forNextCall, forLastPart}) {
      if (left != null) {
        attachToLastOrOwn(parts, left);
      }
    }
    return parts;
  }

  /** The part of a non-reasoning block, or {@code null} when it has nothing to send (empty text). */
  ObjectNode part(ContentBlock block) {
    if (block instanceof TextBlock t) {
      return textPart(t);
    }
    if (block instanceof ToolCallBlock c) {
      return toolCallPart(c);
    }
    if (block instanceof ToolResultBlock r) {
      return resultPart(r);
    }
    if (block instanceof ImageBlock || block instanceof DocumentBlock) {
      return mediaPart(block);
    }
    return null;
  }

  static ObjectNode textPart(TextBlock block) {
    boolean carriesPart = !block.extras().fieldsFor(WireFormat.GEMINI).isEmpty();
    if (block.text().isEmpty() && !carriesPart) {
      return null;
    }
    ObjectNode part = JsonSupport.NODES.objectNode();
    if (!block.text().isEmpty()) {
      part.put("text", block.text());
    }
    GeminiJson.mergeExtras(part, block.extras(), NONE);
    return part;
  }

  static ObjectNode thoughtPart(String text, String signature, ProviderFields extras) {
    ObjectNode part = JsonSupport.NODES.objectNode().put("text", text).put("thought", true);
    if (signature != null) {
      part.put("thoughtSignature", signature);
    }
    GeminiJson.mergeExtras(part, extras, NONE);
    return part;
  }

  /** A part that holds only a signature. */
  static ObjectNode signaturePart(String signature) {
    return JsonSupport.NODES.objectNode().put("text", "").put("thoughtSignature", signature);
  }

  static ObjectNode toolCallPart(ToolCallBlock call) {
    ObjectNode part = JsonSupport.NODES.objectNode();
    ObjectNode functionCall = part.putObject("functionCall");
    if (!call.id().isEmpty()) {
      functionCall.put("id", call.id());
    }
    functionCall.put("name", call.name());
    functionCall.set("args", argumentsObject(call.arguments()));
    GeminiJson.mergeExtras(part, call.extras(), NONE);
    return part;
  }

  /**
   * Gemini wants the arguments as an object. Text that is not a JSON object (arguments cut by a token
   * limit, a model's broken JSON) cannot be expressed, so it becomes an empty object.
   */
  static ObjectNode argumentsObject(String arguments) {
    JsonNode parsed = JsonSupport.parseOrNull(arguments);
    return parsed instanceof ObjectNode object ? object : JsonSupport.NODES.objectNode();
  }

  private ObjectNode resultPart(ToolResultBlock result) {
    String name = result.name() != null ? result.name() : toolNames.apply(result.toolCallId());
    if (name == null) {
      throw JsonSupport.badRequest("the tool result for call '" + result.toolCallId()
          + "' names no tool and answers no earlier call; Gemini needs the function name");
    }
    ObjectNode part = JsonSupport.NODES.objectNode();
    ObjectNode functionResponse = part.putObject("functionResponse");
    functionResponse.put("id", result.toolCallId());
    functionResponse.put("name", name);
    String text = result.textContent();
    JsonNode original = originalResponse(result);
    if (original != null && new ResultText(original).matches(text, result.isError())) {
      functionResponse.set("response", original);
    } else {
      functionResponse.putObject("response").put(result.isError() ? "error" : "output", text);
    }
    ArrayNode media = null;
    for (ContentBlock block : result.content()) {
      if (block instanceof ImageBlock || block instanceof DocumentBlock) {
        if (media == null) {
          media = functionResponse.putArray("parts");
        }
        media.add(mediaPart(block));
      }
    }
    GeminiJson.mergeExtras(part, result.extras(), NONE);
    return part;
  }

  private static JsonNode originalResponse(ToolResultBlock result) {
    JsonNode functionResponse = GeminiJson.field(result.extras(), "functionResponse");
    return functionResponse == null ? null : functionResponse.get("response");
  }

  /** The text and error flag a {@code functionResponse.response} object stands for. */
  record ResultText(String text, boolean isError) {
    ResultText(JsonNode response) {
      this(textOf(response), isError(response));
    }

    boolean matches(String otherText, boolean otherIsError) {
      return text.equals(otherText) && isError == otherIsError;
    }

    private static boolean isError(JsonNode response) {
      return response.isObject() && response.has("error") && !response.has("output");
    }

    private static String textOf(JsonNode response) {
      if (response.isObject() && response.size() == 1 && (response.has("output") || response.has("error"))) {
        return plain(response.has("output") ? response.get("output") : response.get("error"));
      }
      return plain(response);
    }

    private static String plain(JsonNode value) {
      return value.isString() ? value.stringValue() : JsonSupport.write(value);
    }
  }

  /**
   * An image or a document as {@code inlineData} (base64) or {@code fileData} (a URI). Gemini itself
   * fetches only its own Files API URIs (and {@code gs://} on Vertex); another URL is passed as given
   * and may be refused upstream, so the adapter should download and inline such images when it can.
   */
  static ObjectNode mediaPart(ContentBlock block) {
    ObjectNode part = JsonSupport.NODES.objectNode();
    String mimeType;
    String data;
    String uri;
    ProviderFields extras;
    if (block instanceof ImageBlock image) {
      mimeType = image.mediaType();
      data = image.data();
      uri = image.url();
      extras = image.extras();
    } else {
      DocumentBlock document = (DocumentBlock) block;
      if (document.data() == null && document.url() == null && document.fileId() == null) {
        return part.put("text", document.text());
      }
      mimeType = document.mediaType() != null ? document.mediaType() : document.data() != null ? "application/pdf" : null;
      data = document.data();
      uri = document.url() != null ? document.url() : document.fileId();
      extras = document.extras();
    }
    if (data == null && uri.startsWith("data:") && uri.contains(";base64,")) {
      int comma = uri.indexOf(";base64,");
      mimeType = uri.substring(5, comma);
      data = uri.substring(comma + 8);
    }
    if (data != null) {
      part.putObject("inlineData").put("mimeType", mimeType).put("data", data);
    } else {
      ObjectNode fileData = part.putObject("fileData");
      String type = mimeType != null ? mimeType : mimeTypeFromName(uri);
      if (type != null) {
        fileData.put("mimeType", type);
      }
      fileData.put("fileUri", uri);
    }
    GeminiJson.mergeExtras(part, extras, NONE);
    return part;
  }

  private static String mimeTypeFromName(String uri) {
    String path = uri.toLowerCase(Locale.ROOT);
    int query = path.indexOf('?');
    if (query >= 0) {
      path = path.substring(0, query);
    }
    if (path.endsWith(".png")) {
      return "image/png";
    }
    if (path.endsWith(".jpg") || path.endsWith(".jpeg")) {
      return "image/jpeg";
    }
    if (path.endsWith(".gif")) {
      return "image/gif";
    }
    if (path.endsWith(".webp")) {
      return "image/webp";
    }
    if (path.endsWith(".pdf")) {
      return "application/pdf";
    }
    return null;
  }

  /**
   * A block of another origin whose signature is an envelope of a Gemini block is that Gemini block
   * (another codec carried it without unwrapping); anything else is returned as is.
   */
  static ReasoningBlock ownOrigin(ReasoningBlock block) {
    if (block.origin() == WireFormat.GEMINI || block.signature() == null) {
      return block;
    }
    ReasoningBlock inner = ReasoningEnvelope.unwrap(block.signature());
    return inner != null && inner.origin() == WireFormat.GEMINI ? inner : block;
  }

  /** The envelope that carries a foreign block through a Gemini client, or {@code null} if it holds nothing. */
  static String envelope(ReasoningBlock foreign) {
    boolean hasState = foreign.signature() != null && !foreign.signature().isEmpty();
    if (!hasState && !foreign.redacted() && foreign.text().isEmpty()) {
      return null;
    }
    return ReasoningEnvelope.wrap(foreign);
  }

  static boolean isThought(JsonNode part) {
    return part.path("thought").asBoolean(false);
  }

  private static boolean callFollows(List<ContentBlock> blocks, int index) {
    for (int i = index + 1; i < blocks.size(); i++) {
      if (blocks.get(i) instanceof ToolCallBlock) {
        return true;
      }
    }
    return false;
  }

  /** Sets {@code signature} as the one waiting for a part; one already waiting gets a part of its own. */
  private static String queue(ArrayNode parts, String waiting, String signature) {
    if (waiting != null) {
      parts.add(signaturePart(waiting));
    }
    return signature;
  }

  private static boolean attachToLast(ArrayNode parts, String signature) {
    if (parts.isEmpty()) {
      return false;
    }
    JsonNode last = parts.get(parts.size() - 1);
    if (!(last instanceof ObjectNode lastPart) || last.has("thoughtSignature") || isThought(last)) {
      return false;
    }
    lastPart.put("thoughtSignature", signature);
    return true;
  }

  private static void attachToLastOrOwn(ArrayNode parts, String signature) {
    if (!attachToLast(parts, signature)) {
      parts.add(signaturePart(signature));
    }
  }

  private static String nonEmpty(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
