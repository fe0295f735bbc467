package dev.llmrouter.adapters.codec.gemini;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.adapters.codec.ModelField;
import dev.llmrouter.adapters.codec.ToolNames;
import dev.llmrouter.adapters.codec.gemini.GeminiJson.Source;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.Usage;
import dev.llmrouter.api.spi.EncodedError;
import dev.llmrouter.api.spi.RequestHead;
import dev.llmrouter.api.spi.StreamDecoder;
import dev.llmrouter.api.spi.StreamEncoder;
import dev.llmrouter.api.spi.TokenCountCodec;
import dev.llmrouter.api.spi.WireCodec;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Gemini wire format: {@code POST /v1beta/models/{model}:generateContent},
 * {@code :streamGenerateContent?alt=sse} and {@code :countTokens} (also under {@code /v1/}).
 *
 * <p>The model and the streaming switch are in the URL, not in the body: the proxy passes them to
 * {@link #decodeRequest(byte[], String, boolean)}, and the adapter builds the URL (always with
 * {@code alt=sse} for streams, since without it Gemini streams a JSON array).
 *
 * <p>Extras ({@link dev.llmrouter.api.model.ProviderFields}) written by this codec: unmapped fields under
 * their Gemini names; for {@code generationConfig}, {@code toolConfig} and {@code systemInstruction} only
 * the fields the canonical model does not hold; on a tool result, {@code functionResponse.response} as the
 * client sent it; on a tool read from {@code parameters}, that OpenAPI schema. Keys starting with
 * {@code llmr:} are notes of this codec (where a thought signature rode) and never reach the wire.
 */
public final class GeminiCodec implements WireCodec, TokenCountCodec {
  /** The model of a request whose body names none, when the caller gives no model from the path. */
  public static final String PLACEHOLDER_MODEL = "gemini";

  public GeminiCodec() {}

  @Override
  public WireFormat format() {
    return WireFormat.GEMINI;
  }

  // ---- server side ----

  /**
   * Decodes a body without its URL: the model is the body's {@code model} field (count requests have
   * one) or, failing that, {@value #PLACEHOLDER_MODEL}, and {@code stream} is false. The proxy, which
   * knows the path, calls {@link #decodeRequest(byte[], String, boolean)} instead.
   */
  @Override
  public ChatRequest decodeRequest(byte[] body) {
    return decodeRequest(body, null, false);
  }

  /**
   * Decodes a client's {@code generateContent} or {@code streamGenerateContent} body.
   *
   * @param modelFromPath the {@code {model}} of the path ({@code models/} prefix optional); when
   *     {@code null}, the body's {@code model} field or {@value #PLACEHOLDER_MODEL}
   * @param stream whether the client called {@code streamGenerateContent}
   */
  public ChatRequest decodeRequest(byte[] body, String modelFromPath, boolean stream) {
    ObjectNode object = JsonSupport.parseRequestObject(body);
    return new GeminiRequestDecoder().decode(object, model(modelFromPath, object), stream, "");
  }

  @Override
  public byte[] encodeResponse(ChatResponse response, ChatRequest request) {
    return JsonSupport.writeBytes(GeminiResponses.encode(ToolNames.restorer(request).restore(response), request));
  }

  @Override
  public StreamEncoder newStreamEncoder(ChatRequest request) {
    return ToolNames.restoring(request, new GeminiStreamEncoder(GeminiResponses.includeThoughts(request)));
  }

  /**
   * Gemini's {@code GET /v1beta/models}: {@code {"models":[{"name":"models/…","displayName",
   * "supportedGenerationMethods":[…]}]}}.
   */
  @Override
  public byte[] encodeModelList(List<String> models) {
    ObjectNode list = JsonSupport.NODES.objectNode();
    ArrayNode array = list.putArray("models");
    for (String model : models) {
      ObjectNode entry = array.addObject().put("name", "models/" + model).put("displayName", model);
      entry.putArray("supportedGenerationMethods").add("generateContent").add("streamGenerateContent").add("countTokens");
    }
    return JsonSupport.writeBytes(list);
  }

  @Override
  public EncodedError encodeError(LlmException error) {
    return GeminiErrors.encode(error);
  }

  // ---- client side ----

  /**
   * The same body serves {@code generateContent} and {@code streamGenerateContent}; the model goes in
   * the URL, so {@code request.model()} and {@code stream} are not written.
   */
  @Override
  public byte[] encodeRequest(ChatRequest request, boolean stream) {
    return JsonSupport.writeBytes(GeminiRequestEncoder.encode(ToolNames.forTarget(format(), request)));
  }

  @Override
  public ChatResponse decodeResponse(byte[] body) {
    JsonNode node = JsonSupport.parseUpstream(body);
    if (node.get("error") instanceof ObjectNode error) {
      throw GeminiErrors.fromError(error, 0, null);
    }
    return GeminiResponses.decode(node);
  }

  @Override
  public byte[] withMaxTokens(byte[] body, int maxTokens) {
    return JsonSupport.rewriteRequest(body, root -> {
      JsonNode config = root.get("generationConfig");
      (config instanceof ObjectNode existing ? existing : root.putObject("generationConfig"))
          .put("maxOutputTokens", maxTokens);
    });
  }

  @Override
  public Usage decodeUsage(byte[] body) {
    return GeminiResponses.decodeUsage(JsonSupport.topLevelField(body, "usageMetadata").get("usageMetadata"));
  }

  /**
   * The body's own model (or {@value #PLACEHOLDER_MODEL}) and {@code stream} false, as
   * {@link #decodeRequest(byte[])} reads them: the proxy's path gives both for real calls.
   */
  @Override
  public RequestHead peekRequest(byte[] body) {
    RequestHead head = ModelField.peek(body);
    if (head == null) {
      return null;
    }
    String fromBody = head.model();
    if (fromBody == null || fromBody.isBlank()) {
      return new RequestHead(PLACEHOLDER_MODEL, false);
    }
    return new RequestHead(fromBody.startsWith("models/") ? fromBody.substring("models/".length()) : fromBody, false);
  }

  @Override
  public StreamDecoder newStreamDecoder() {
    return new GeminiStreamDecoder();
  }

  @Override
  public LlmException decodeError(int status, Function<String, String> headers, byte[] body) {
    return GeminiErrors.decode(status, headers, body);
  }

  // ---- countTokens ----

  /** A count request: {@code {"contents": …}} or {@code {"generateContentRequest": {…}}}. */
  @Override
  public ChatRequest decodeCountTokensRequest(byte[] body) {
    return decodeCountTokensRequest(body, null);
  }

  /** As {@link #decodeCountTokensRequest(byte[])}, with the model of the path when known. */
  public ChatRequest decodeCountTokensRequest(byte[] body, String modelFromPath) {
    ObjectNode object = JsonSupport.parseRequestObject(body);
    ObjectNode inner = GeminiJson.object(object, "generateContentRequest", "", Source.CLIENT);
    if (inner != null) {
      return new GeminiRequestDecoder().decode(inner, model(modelFromPath, inner), false, "generateContentRequest.");
    }
    return new GeminiRequestDecoder().decode(object, model(modelFromPath, object), false, "");
  }

  /** {@code {"totalTokens": n}}: Gemini's answer has no field to say the number is an estimate. */
  @Override
  public byte[] encodeCountTokensResponse(long inputTokens, boolean estimated) {
    return JsonSupport.writeBytes(JsonSupport.NODES.objectNode().put("totalTokens", inputTokens));
  }

  /** The full form, {@code generateContentRequest}, which also counts the system instruction and tools. */
  @Override
  public byte[] encodeCountTokensRequest(ChatRequest request) {
    ObjectNode full = GeminiRequestEncoder.encode(ToolNames.forTarget(format(), request));
    ObjectNode inner = JsonSupport.NODES.objectNode();
    for (String field : new String[] {"contents", "systemInstruction", "tools"}) {
      if (full.has(field)) {
        inner.set(field, full.get(field));
      }
    }
    String model = request.model();
    inner.put("model", model.startsWith("models/") ? model : "models/" + model);
    ObjectNode body = JsonSupport.NODES.objectNode();
    body.set("generateContentRequest", inner);
    return JsonSupport.writeBytes(body);
  }

  /** Gemini leaves {@code totalTokens} out when it is zero. */
  @Override
  public long decodeCountTokensResponse(byte[] body) {
    JsonNode node = JsonSupport.parseUpstream(body);
    if (node.get("error") instanceof ObjectNode error) {
      throw GeminiErrors.fromError(error, 0, null);
    }
    if (!node.isObject()) {
      throw Source.UPSTREAM.invalid("the countTokens answer is not a JSON object");
    }
    return GeminiJson.count(node, "totalTokens");
  }

  private static String model(String modelFromPath, ObjectNode body) {
    if (modelFromPath != null && !modelFromPath.isBlank()) {
      return modelFromPath.startsWith("models/") ? modelFromPath.substring("models/".length()) : modelFromPath;
    }
    String fromBody = GeminiRequestDecoder.modelOf(body);
    return fromBody != null ? fromBody : PLACEHOLDER_MODEL;
  }
}
