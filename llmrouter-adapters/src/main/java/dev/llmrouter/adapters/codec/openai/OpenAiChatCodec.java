package dev.llmrouter.adapters.codec.openai;

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
import dev.llmrouter.api.spi.WireCodec;
import java.util.List;
import java.util.function.Function;

/**
 * OpenAI Chat Completions ({@code POST /v1/chat/completions}), in both roles; also the codec of every
 * OpenAI-compatible server (Ollama, vLLM, OpenRouter, Groq, DeepSeek), so its decoders are lenient.
 *
 * <p>What rides in {@code ProviderFields} (origin {@link WireFormat#OPENAI_CHAT}), besides unknown
 * fields under their own names:
 *
 * <ul>
 *   <li>request: {@code stream_options} (the stream encoder reads {@code include_usage});
 *       {@code max_tokens} or {@code safety_identifier} when the client spelled the max-tokens or
 *       user setting that way (re-encoding keeps the spelling, the value comes from the settings);
 *       {@code response_format} when it holds more than the canonical form; {@code tool_choice}
 *       for the Chat-only forms ({@code allowed_tools}, custom); {@code metadata} when it is not a
 *       string map;
 *   <li>blocks: {@code type: "refusal"} on a text block that is a refusal, {@code type: "custom"} on a
 *       call to a free-form tool; a nested object's unknown fields under its name ({@code function},
 *       {@code image_url}, {@code file}, {@code custom});
 *   <li>response: the message's unknown fields under {@code message}, the choice's under
 *       {@code choice}.
 * </ul>
 *
 * <p>Chat has no slot for opaque reasoning state: reasoning goes out as {@code reasoning_content}
 * text (all of it to clients; towards upstreams only what a Chat server produced).
 */
public final class OpenAiChatCodec implements WireCodec {

  public OpenAiChatCodec() {}

  @Override
  public WireFormat format() {
    return WireFormat.OPENAI_CHAT;
  }

  @Override
  public ChatRequest decodeRequest(byte[] body) {
    return ChatRequestDecoder.decode(body);
  }

  @Override
  public byte[] encodeResponse(ChatResponse response, ChatRequest request) {
    return ChatResponses.encode(ToolNames.restorer(request).restore(response), request);
  }

  @Override
  public StreamEncoder newStreamEncoder(ChatRequest request) {
    return ToolNames.restoring(request, new ChatStreamEncoder(request));
  }

  @Override
  public EncodedError encodeError(LlmException error) {
    return ChatErrors.encode(error);
  }

  @Override
  public byte[] encodeModelList(List<String> models) {
    return OpenAiModelList.encode(models);
  }

  @Override
  public byte[] encodeRequest(ChatRequest request, boolean stream) {
    return ChatRequestEncoder.encode(ToolNames.forTarget(format(), request), stream);
  }

  @Override
  public ChatResponse decodeResponse(byte[] body) {
    return ChatResponses.decode(body);
  }

  /** Both spellings when both are present; without either, the current one ({@code max_completion_tokens}). */
  @Override
  public byte[] withMaxTokens(byte[] body, int maxTokens) {
    return JsonSupport.rewriteRequest(body, root -> {
      boolean legacy = root.has("max_tokens");
      if (legacy) {
        root.put("max_tokens", maxTokens);
      }
      if (root.has("max_completion_tokens") || !legacy) {
        root.put("max_completion_tokens", maxTokens);
      }
    });
  }

  @Override
  public Usage decodeUsage(byte[] body) {
    return ChatResponses.usage(JsonSupport.topLevelField(body, "usage").get("usage"));
  }

  @Override
  public RequestHead peekRequest(byte[] body) {
    return ModelField.peek(body);
  }

  @Override
  public StreamDecoder newStreamDecoder() {
    return new ChatStreamDecoder();
  }

  @Override
  public LlmException decodeError(int status, Function<String, String> headers, byte[] body) {
    return ChatErrors.decode(status, headers, body);
  }
}
