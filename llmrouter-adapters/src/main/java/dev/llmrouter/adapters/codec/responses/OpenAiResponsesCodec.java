package dev.llmrouter.adapters.codec.responses;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.adapters.codec.ModelField;
import dev.llmrouter.adapters.codec.ToolNames;
import dev.llmrouter.adapters.codec.openai.OpenAiModelList;
import dev.llmrouter.adapters.codec.responses.Items.Source;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.ContentBlock;
import dev.llmrouter.api.model.ToolCallBlock;
import dev.llmrouter.api.model.Usage;
import dev.llmrouter.api.spi.EncodedError;
import dev.llmrouter.api.spi.RequestHead;
import dev.llmrouter.api.spi.StreamDecoder;
import dev.llmrouter.api.spi.StreamEncoder;
import dev.llmrouter.api.spi.WireCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI Responses ({@code POST /v1/responses}), the wire format of Codex CLI, in both roles.
 *
 * <p>Server side it reads every input shape Codex, opencode and the SDKs send (string input, items
 * without {@code type}, {@code developer} items, replayed {@code function_call} and {@code reasoning}
 * items) and answers with the full event grammar Codex needs, ending in a {@code response.completed}
 * that carries the whole output and usage. Client side it writes the canonical encoder form of the
 * fixtures ({@code store: false}, reasoning items replayed before the calls they led to, no
 * {@code stop}).
 */
public final class OpenAiResponsesCodec implements WireCodec {

  public OpenAiResponsesCodec() {}

  @Override
  public WireFormat format() {
    return WireFormat.OPENAI_RESPONSES;
  }

  @Override
  public ChatRequest decodeRequest(byte[] body) {
    return RequestDecoder.decode(body);
  }

  @Override
  public byte[] encodeResponse(ChatResponse upstream, ChatRequest request) {
    ChatResponse response = new Tools.ClientCalls(request).shape(ToolNames.restorer(request).restore(upstream));
    String id = Ids.responseId(response.id());
    String model = response.model() != null ? response.model() : request == null ? null : request.model();
    long now = Instant.now().getEpochSecond();
    ObjectNode body = ResponseObjects.skeleton(request, id, model, now);
    ResponseObjects.finish(body, response.stopReason(), response.usage(), ResponseObjects.output(response.content(), id), now);
    return JsonSupport.writeBytes(body);
  }

  @Override
  public StreamEncoder newStreamEncoder(ChatRequest request) {
    return ToolNames.restoring(request, new Tools.ClientCalls(request).shaping(new ResponsesStreamEncoder(request)));
  }

  /** Responses clients list models at OpenAI's {@code GET /v1/models}, in its shape. */
  @Override
  public byte[] encodeModelList(List<String> models) {
    return OpenAiModelList.encode(models);
  }

  @Override
  public EncodedError encodeError(LlmException error) {
    return ErrorCodec.encode(error);
  }

  @Override
  public byte[] encodeRequest(ChatRequest request, boolean stream) {
    return JsonSupport.writeBytes(RequestEncoder.encode(ToolNames.forTarget(format(), request), stream));
  }

  @Override
  public ChatResponse decodeResponse(byte[] body) {
    JsonNode root = JsonSupport.parseUpstream(body);
    if (!root.isObject()) {
      throw upstreamError("the upstream's response is not a JSON object");
    }
    if ("failed".equals(JsonFields.text(root, "status"))
        || root.get("error") instanceof ObjectNode && !root.has("output")) {
      throw ErrorCodec.decodeInBand(root.get("error"));
    }
    List<ContentBlock> content = new ArrayList<>();
    JsonNode output = root.get("output");
    if (output instanceof ArrayNode items) {
      for (int i = 0; i < items.size(); i++) {
        content.addAll(outputItem(items.get(i), "output[" + i + "]"));
      }
    }
    boolean calls = content.stream().anyMatch(b -> b instanceof ToolCallBlock);
    return ChatResponse.builder()
        .id(JsonFields.text(root, "id"))
        .model(JsonFields.text(root, "model"))
        .content(content)
        .stopReason(ResponseObjects.readStopReason(root, calls))
        .usage(ResponseObjects.readUsage(root.get("usage")))
        .build();
  }

  private static List<? extends ContentBlock> outputItem(JsonNode node, String path) {
    if (!(node instanceof ObjectNode item)) {
      throw upstreamError("the upstream's " + path + " is not an object");
    }
    try {
      String type = JsonFields.text(item, "type");
      if ("message".equals(type)) {
        return Items.assistantMessage(item, Source.UPSTREAM, path);
      }
      if ("function_call".equals(type) || Items.CUSTOM_CALL.equals(type)) {
        return List.of(Items.toolCall(item, Source.UPSTREAM, path));
      }
      if ("reasoning".equals(type)) {
        return List.of(Items.reasoning(item, Source.UPSTREAM));
      }
      return List.of(Items.opaque(item));
    } catch (LlmException malformed) {
      throw upstreamError("the upstream's response is malformed: " + malformed.getMessage());
    }
  }

  private static LlmException upstreamError(String message) {
    return LlmException.builder(ErrorKind.UPSTREAM_SERVER, message).build();
  }

  @Override
  public byte[] withMaxTokens(byte[] body, int maxTokens) {
    return JsonSupport.rewriteRequest(body, root -> root.put("max_output_tokens", maxTokens));
  }

  @Override
  public Usage decodeUsage(byte[] body) {
    return ResponseObjects.readUsage(JsonSupport.topLevelField(body, "usage").get("usage"));
  }

  @Override
  public RequestHead peekRequest(byte[] body) {
    return ModelField.peek(body);
  }

  @Override
  public StreamDecoder newStreamDecoder() {
    return new ResponsesStreamDecoder();
  }

  @Override
  public LlmException decodeError(int status, Function<String, String> headers, byte[] body) {
    return ErrorCodec.decode(status, headers, body);
  }
}
