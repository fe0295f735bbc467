package dev.llmrouter.adapters.codec.anthropic;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.adapters.codec.ModelField;
import dev.llmrouter.adapters.codec.ToolNames;
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
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Anthropic Messages wire format ({@code POST /v1/messages}, {@code /v1/messages/count_tokens}),
 * in both roles, streaming included. Stateless and thread-safe.
 */
public final class AnthropicMessagesCodec implements WireCodec, TokenCountCodec {

  public AnthropicMessagesCodec() {}

  @Override
  public WireFormat format() {
    return WireFormat.ANTHROPIC_MESSAGES;
  }

  @Override
  public ChatRequest decodeRequest(byte[] body) {
    return RequestDecoder.decode(JsonSupport.parseRequestObject(body));
  }

  @Override
  public byte[] encodeResponse(ChatResponse response, ChatRequest request) {
    return JsonSupport.writeBytes(ResponseCodec.encode(ToolNames.restorer(request).restore(response), request));
  }

  @Override
  public StreamEncoder newStreamEncoder(ChatRequest request) {
    return ToolNames.restoring(request, new AnthropicStreamEncoder(request));
  }

  /**
   * Anthropic's {@code GET /v1/models} page: {@code {"data":[{"type":"model","id","display_name","created_at"}],
   * "has_more":false,"first_id","last_id"}}.
   */
  @Override
  public byte[] encodeModelList(List<String> models) {
    ObjectNode page = JsonSupport.NODES.objectNode();
    ArrayNode data = page.putArray("data");
    for (String model : models) {
      data.addObject().put("type", "model").put("id", model).put("display_name", model)
          .put("created_at", "1970-01-01T00:00:00Z");
    }
    page.put("has_more", false);
    page.put("first_id", models.isEmpty() ? null : models.get(0));
    page.put("last_id", models.isEmpty() ? null : models.get(models.size() - 1));
    return JsonSupport.writeBytes(page);
  }

  @Override
  public EncodedError encodeError(LlmException error) {
    return AnthropicErrors.encode(error);
  }

  @Override
  public byte[] encodeRequest(ChatRequest request, boolean stream) {
    return JsonSupport.writeBytes(RequestEncoder.encode(ToolNames.forTarget(format(), request), stream));
  }

  @Override
  public ChatResponse decodeResponse(byte[] body) {
    return ResponseCodec.decode(body);
  }

  @Override
  public byte[] withMaxTokens(byte[] body, int maxTokens) {
    return JsonSupport.rewriteRequest(body, root -> root.put("max_tokens", maxTokens));
  }

  @Override
  public Usage decodeUsage(byte[] body) {
    return ResponseCodec.decodeUsage(body);
  }

  @Override
  public RequestHead peekRequest(byte[] body) {
    return ModelField.peek(body);
  }

  @Override
  public StreamDecoder newStreamDecoder() {
    return new AnthropicStreamDecoder();
  }

  @Override
  public LlmException decodeError(int status, Function<String, String> headers, byte[] body) {
    return AnthropicErrors.decode(status, headers, body);
  }

  @Override
  public ChatRequest decodeCountTokensRequest(byte[] body) {
    return RequestDecoder.decode(JsonSupport.parseRequestObject(body));
  }

  /**
   * {@code {"input_tokens": N}} and nothing else, estimated or not: the response type of the SDKs
   * has that one field, and a marker for estimates would be a field no client reads.
   */
  @Override
  public byte[] encodeCountTokensResponse(long inputTokens, boolean estimated) {
    ObjectNode body = JsonSupport.NODES.objectNode();
    body.put("input_tokens", inputTokens);
    return JsonSupport.writeBytes(body);
  }

  @Override
  public byte[] encodeCountTokensRequest(ChatRequest request) {
    return JsonSupport.writeBytes(RequestEncoder.encodeCountTokens(ToolNames.forTarget(format(), request)));
  }

  @Override
  public long decodeCountTokensResponse(byte[] body) {
    JsonReader reader = JsonReader.UPSTREAM;
    ObjectNode root = reader.object(JsonSupport.parseUpstream(body), "");
    if (!root.hasNonNull("input_tokens")) {
      throw reader.invalid("input_tokens", "required");
    }
    return reader.longOrZero(root, "input_tokens", "");
  }
}
