package dev.llmrouter.adapters.codec.gemini;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.adapters.codec.ReasoningEnvelope;
import dev.llmrouter.adapters.codec.gemini.GeminiJson.Source;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.model.ContentBlock;
import dev.llmrouter.api.model.DocumentBlock;
import dev.llmrouter.api.model.ImageBlock;
import dev.llmrouter.api.model.ProviderFields;
import dev.llmrouter.api.model.ReasoningBlock;
import dev.llmrouter.api.model.TextBlock;
import dev.llmrouter.api.model.ToolCallBlock;
import dev.llmrouter.api.model.ToolResultBlock;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads the parts of one Gemini content (a request turn or a whole response candidate) into canonical
 * blocks.
 *
 * <p>A {@code thoughtSignature} can ride on any part. A native one becomes an empty
 * {@link ReasoningBlock} of origin Gemini next to the block of its part, tagged with the marker
 * {@value #SIGNATURE_ON} so that the encoder puts it back on the same part:
 *
 * <ul>
 *   <li>{@value #NEXT}: before the block (function calls, inline data, …), it rides on the next part;
 *   <li>{@value #PREVIOUS}: after a text block, it rides on that text part (streams deliver the
 *       signature with the last chunk of the text, after the text itself);
 *   <li>{@value #OWN}: a part that holds nothing but the signature.
 * </ul>
 *
 * A signature on a {@code thought} part is the signature of that reasoning block. A signature that is a
 * {@link ReasoningEnvelope} (another provider's reasoning, carried through a Gemini client) becomes the
 * original block again, placed before the block of its part.
 */
final class GeminiPartDecoder {
  static final String SIGNATURE_ON = "signatureOn";
  static final String NEXT = "next";
  static final String PREVIOUS = "previous";
  static final String OWN = "own";

  static final Set<String> PART_KEYS =
      Set.of("text", "thought", "thoughtSignature", "functionCall", "functionResponse", "inlineData", "fileData");
  private static final Set<String> CALL_KEYS = Set.of("id", "name", "args");
  private static final Set<String> INLINE_KEYS = Set.of("mimeType", "data");
  private static final Set<String> FILE_KEYS = Set.of("mimeType", "fileUri");

  /** Gives a function call without an id a stable one. */
  interface CallIds {
    /**
     * @param name the function name
     * @param partIndex the part's index in its content
     * @param callOrdinal how many calls came before it in the same answer or content
     */
    String mint(String name, int partIndex, int callOrdinal);
  }

  /** Turns a {@code functionResponse} part into a result; requests only. */
  interface Results {
    ToolResultBlock read(ObjectNode functionResponse, ProviderFields partExtras, String path);
  }

  private final Source source;
  private final CallIds callIds;
  private final Results results;

  GeminiPartDecoder(Source source, CallIds callIds, Results results) {
    this.source = source;
    this.callIds = callIds;
    this.results = results;
  }

  List<ContentBlock> decode(ArrayNode parts, String path) {
    List<ContentBlock> blocks = new ArrayList<>();
    int calls = 0;
    for (int i = 0; i < parts.size(); i++) {
      String partPath = path + "[" + i + "].";
      if (!(parts.get(i) instanceof ObjectNode part)) {
        throw source.invalid(path + "[" + i + "] must be an object");
      }
      decodePart(part, i, calls, partPath, blocks);
      if (part.has("functionCall")) {
        calls++;
      }
    }
    return blocks;
  }

  private void decodePart(ObjectNode part, int index, int callOrdinal, String path, List<ContentBlock> out) {
    String signature = GeminiJson.string(part, "thoughtSignature", path, source);
    ReasoningBlock envelope = signature == null ? null : ReasoningEnvelope.unwrap(signature);
    String nativeSignature = envelope == null ? signature : null;
    ProviderFields extras = GeminiJson.fields(GeminiJson.remainder(part, PART_KEYS));

    ObjectNode call = GeminiJson.object(part, "functionCall", path, source);
    if (call != null) {
      addBefore(out, envelope, nativeSignature);
      out.add(toolCall(call, index, callOrdinal, extras, path + "functionCall."));
      return;
    }
    ObjectNode response = GeminiJson.object(part, "functionResponse", path, source);
    if (response != null && results != null) {
      addBefore(out, envelope, nativeSignature);
      out.add(results.read(response, extras, path + "functionResponse."));
      return;
    }
    ObjectNode inline = GeminiJson.object(part, "inlineData", path, source);
    if (inline != null) {
      addBefore(out, envelope, nativeSignature);
      out.add(inlineData(inline, extras, path + "inlineData.", source));
      return;
    }
    ObjectNode file = GeminiJson.object(part, "fileData", path, source);
    if (file != null) {
      addBefore(out, envelope, nativeSignature);
      out.add(fileData(file, extras, path + "fileData.", source));
      return;
    }
    boolean thought = Boolean.TRUE.equals(GeminiJson.bool(part, "thought", path, source));
    String text = GeminiJson.string(part, "text", path, source);
    if (text == null && thought) {
      text = ""; // a thought that holds only its signature
    }
    if (text != null) {
      if (thought) {
        addBefore(out, envelope, null);
        out.add(new ReasoningBlock(text, nativeSignature, false, null, WireFormat.GEMINI, extras));
      } else if (text.isEmpty() && signature != null && extras.isEmpty()) {
        out.add(envelope != null ? envelope : carrier(nativeSignature, OWN));
      } else {
        addBefore(out, envelope, null);
        out.add(new TextBlock(text, null, extras));
        if (nativeSignature != null) {
          out.add(carrier(nativeSignature, PREVIOUS));
        }
      }
      return;
    }
    if (response != null || !extras.isEmpty()) {
      // a part kind without a canonical block (executable code, a function response inside an answer…):
      // an empty text block that carries the part for a Gemini peer
      ObjectNode raw = GeminiJson.remainder(part, Set.of("thoughtSignature", "text", "thought"));
      addBefore(out, envelope, nativeSignature);
      out.add(new TextBlock("", null, GeminiJson.fields(raw)));
    } else if (signature != null) {
      out.add(envelope != null ? envelope : carrier(nativeSignature, OWN));
    }
  }

  private static void addBefore(List<ContentBlock> out, ReasoningBlock envelope, String nativeSignature) {
    if (envelope != null) {
      out.add(envelope);
    } else if (nativeSignature != null) {
      out.add(carrier(nativeSignature, NEXT));
    }
  }

  /** An empty reasoning block holding a Gemini signature, with where it rode. */
  static ReasoningBlock carrier(String signature, String placement) {
    return new ReasoningBlock("", signature, false, null, WireFormat.GEMINI,
        GeminiJson.withMarker(ProviderFields.EMPTY, SIGNATURE_ON, placement));
  }

  private ToolCallBlock toolCall(ObjectNode call, int partIndex, int callOrdinal, ProviderFields partExtras, String path) {
    String name = GeminiJson.requiredString(call, "name", path, source);
    String id = GeminiJson.string(call, "id", path, source);
    if (id == null || id.isEmpty()) {
      id = callIds.mint(name, partIndex, callOrdinal);
    }
    return new ToolCallBlock(id, name, arguments(call, path, source), null, withRemainder(partExtras, call, "functionCall", CALL_KEYS));
  }

  /** A call's {@code args} as compact JSON text; absent means no arguments. */
  static String arguments(ObjectNode call, String path, Source source) {
    JsonNode args = call.get("args");
    if (args == null || args.isNull()) {
      return "{}";
    }
    if (!args.isObject()) {
      throw source.invalid(path + "args must be an object");
    }
    return JsonSupport.write(args);
  }

  static ContentBlock inlineData(ObjectNode inline, ProviderFields partExtras, String path, Source source) {
    String mimeType = GeminiJson.requiredString(inline, "mimeType", path, source);
    String data = GeminiJson.requiredString(inline, "data", path, source);
    ProviderFields extras = withRemainder(partExtras, inline, "inlineData", INLINE_KEYS);
    if (mimeType.startsWith("image/")) {
      return new ImageBlock(mimeType, data, null, null, null, extras);
    }
    return new DocumentBlock(mimeType, data, null, null, null, null, null, null, extras);
  }

  static ContentBlock fileData(ObjectNode file, ProviderFields partExtras, String path, Source source) {
    String uri = GeminiJson.requiredString(file, "fileUri", path, source);
    String mimeType = GeminiJson.string(file, "mimeType", path, source);
    ProviderFields extras = withRemainder(partExtras, file, "fileData", FILE_KEYS);
    if (mimeType != null && mimeType.startsWith("image/")) {
      return new ImageBlock(mimeType, null, uri, null, null, extras);
    }
    return new DocumentBlock(mimeType, null, null, uri, null, null, null, null, extras);
  }

  /** Adds the unmapped fields of an inner object (e.g. {@code functionCall}) under its own name. */
  static ProviderFields withRemainder(ProviderFields extras, ObjectNode inner, String name, Set<String> known) {
    ObjectNode rest = GeminiJson.remainder(inner, known);
    return rest == null ? extras : GeminiJson.withField(extras, name, rest);
  }

  /** {@code call_} and 24 hex digits of a hash of {@code seed}: the same seed always gives the same id. */
  static String mintId(String seed) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
      StringBuilder sb = new StringBuilder("call_");
      for (int i = 0; i < 12; i++) {
        sb.append(Character.forDigit((digest[i] >> 4) & 0xF, 16)).append(Character.forDigit(digest[i] & 0xF, 16));
      }
      return sb.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
