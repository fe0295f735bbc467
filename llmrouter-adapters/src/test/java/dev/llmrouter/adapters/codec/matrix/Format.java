package dev.llmrouter.adapters.codec.matrix;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.adapters.codec.anthropic.AnthropicMessagesCodec;
import dev.llmrouter.adapters.codec.anthropic.AnthropicStreamGrammar;
import dev.llmrouter.adapters.codec.gemini.GeminiCodec;
import dev.llmrouter.adapters.codec.gemini.GeminiStreamGrammar;
import dev.llmrouter.adapters.codec.openai.OpenAiChatCodec;
import dev.llmrouter.adapters.codec.openai.OpenAiChatStreamGrammar;
import dev.llmrouter.adapters.codec.responses.OpenAiResponsesCodec;
import dev.llmrouter.adapters.codec.responses.OpenAiResponsesStreamGrammar;
import dev.llmrouter.adapters.testing.Fixtures;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.spi.SseEvent;
import dev.llmrouter.api.spi.WireCodec;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** The four wire formats as the matrix sees them: codec, fixture folder, stream grammar. */
public enum Format {
  ANTHROPIC(WireFormat.ANTHROPIC_MESSAGES, new AnthropicMessagesCodec()),
  CHAT(WireFormat.OPENAI_CHAT, new OpenAiChatCodec()),
  RESPONSES(WireFormat.OPENAI_RESPONSES, new OpenAiResponsesCodec()),
  GEMINI(WireFormat.GEMINI, new GeminiCodec());

  private final WireFormat wire;
  private final WireCodec codec;

  Format(WireFormat wire, WireCodec codec) {
    this.wire = wire;
    this.codec = codec;
  }

  public WireFormat wire() {
    return wire;
  }

  public WireCodec codec() {
    return codec;
  }

  /** The fixture folder, e.g. {@code openai-chat}. */
  public String dir() {
    return wire.id();
  }

  public String file(String caseFile) {
    return dir() + "/" + caseFile;
  }

  /** The model the fixtures of this format name ({@code manifest.json → models}). */
  public String fixtureModel() {
    return Fixtures.json("manifest.json").path("models").path(dir()).asString();
  }

  public static Format of(WireFormat wire) {
    for (Format f : values()) {
      if (f.wire == wire) {
        return f;
      }
    }
    throw new IllegalArgumentException(wire.toString());
  }

  /**
   * The client's decoded request of a case as its streaming form (manifest
   * {@code stream_request_difference}): Anthropic and Responses add {@code stream: true}, Chat also asks
   * for usage, Gemini keeps the body (the stream switch is in the path).
   */
  public ChatRequest streamingRequest(String caseFile) {
    ObjectNode body = (ObjectNode) Fixtures.json(file(caseFile)).deepCopy();
    if (this != GEMINI) {
      body.put("stream", true);
    }
    if (this == CHAT) {
      body.putObject("stream_options").put("include_usage", true);
    }
    ChatRequest decoded = codec.decodeRequest(JsonSupport.writeBytes(body));
    return this == GEMINI ? decoded.toBuilder().stream(true).build() : decoded;
  }

  /** Checks a stream this format's encoder wrote for {@code request} against the format's grammar. */
  public void validateStream(List<SseEvent> events, ChatRequest request) {
    switch (this) {
      case ANTHROPIC:
        AnthropicStreamGrammar.validate(events);
        break;
      case CHAT:
        String options = request.extras().fieldsFor(WireFormat.OPENAI_CHAT).get("stream_options");
        OpenAiChatStreamGrammar.validate(events, options != null && options.contains("\"include_usage\":true"));
        break;
      case RESPONSES:
        OpenAiResponsesStreamGrammar.validate(events);
        break;
      default:
        GeminiStreamGrammar.validate(events);
    }
  }
}
