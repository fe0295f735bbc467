package dev.llmrouter.adapters.codec.gemini;

import static dev.llmrouter.adapters.codec.gemini.GeminiPartDecoder.NEXT;
import static dev.llmrouter.adapters.codec.gemini.GeminiPartDecoder.OWN;
import static dev.llmrouter.adapters.codec.gemini.GeminiPartDecoder.PREVIOUS;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.adapters.codec.ReasoningEnvelope;
import dev.llmrouter.adapters.codec.gemini.GeminiJson.Source;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.model.ContentBlock;
import dev.llmrouter.api.model.ProviderFields;
import dev.llmrouter.api.model.ReasoningBlock;
import dev.llmrouter.api.model.TextBlock;
import dev.llmrouter.api.model.ToolCallBlock;
import dev.llmrouter.api.model.Usage;
import dev.llmrouter.api.spi.SseEvent;
import dev.llmrouter.api.spi.StreamDecoder;
import dev.llmrouter.api.stream.StreamEvent;
import java.util.Set;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads Gemini's {@code alt=sse} stream, where every event is a whole {@code GenerateContentResponse}
 * with only the new parts, into canonical events.
 *
 * <p>Consecutive text parts extend one text block and consecutive thought parts one reasoning block; a
 * function call arrives whole and becomes a complete tool-call block. Thought signatures are placed as
 * {@link GeminiPartDecoder} places them in a whole answer, with one stream rule: a signature on an
 * empty text part while text is open rode on that text (Gemini sends it in a later chunk). The chunk
 * with {@code finishReason} closes the message; the stream has no end marker, so {@link #finish}
 * completes it, or reports a cut when no {@code finishReason} came.
 */
final class GeminiStreamDecoder implements StreamDecoder {
  private enum Open {
    NONE,
    TEXT,
    THOUGHT
  }

  private static final Set<String> CALL_KEYS = Set.of("id", "name", "args");

  private boolean started;
  private boolean finished;
  private boolean ended;
  private Open open = Open.NONE;
  private int openIndex = -1;
  private int nextIndex;
  private int calls;
  private String responseId;
  private Usage usage;

  @Override
  public void decode(SseEvent event, Consumer<StreamEvent> out) {
    if (ended) {
      return;
    }
    JsonNode chunk = JsonSupport.parseOrNull(event.data());
    if (!(chunk instanceof ObjectNode object)) {
      fail(LlmException.builder(ErrorKind.UPSTREAM_SERVER, "Gemini stream sent an event that is not a JSON object")
          .build(), out);
      return;
    }
    if (object.get("error") instanceof ObjectNode error) {
      fail(GeminiErrors.fromError(error, 0, null), out);
      return;
    }
    try {
      chunk(object, out);
    } catch (LlmException invalid) {
      fail(invalid, out);
    }
  }

  private void chunk(ObjectNode chunk, Consumer<StreamEvent> out) {
    if (!started) {
      responseId = chunk.path("responseId").asString(null);
      out.accept(new StreamEvent.MessageStart(responseId, chunk.path("modelVersion").asString(null), Usage.ZERO));
      started = true;
    }
    ObjectNode candidate = GeminiResponses.firstCandidate(chunk);
    if (candidate != null && !finished && candidate.path("content").get("parts") instanceof ArrayNode parts) {
      for (int i = 0; i < parts.size(); i++) {
        if (!(parts.get(i) instanceof ObjectNode part)) {
          throw Source.UPSTREAM.invalid("candidates[0].content.parts[" + i + "] must be an object");
        }
        part(part, "candidates[0].content.parts[" + i + "].", out);
      }
    }
    if (chunk.get("usageMetadata") instanceof ObjectNode usageMetadata) {
      Usage latest = GeminiResponses.usage(usageMetadata);
      if (!latest.equals(usage)) {
        usage = latest;
        out.accept(new StreamEvent.UsageUpdate(latest));
      }
    }
    if (finished) {
      return;
    }
    String finishReason = candidate == null ? null : candidate.path("finishReason").asString(null);
    String blockReason = GeminiResponses.blockReason(chunk, candidate);
    if (finishReason != null || blockReason != null) {
      close(out);
      out.accept(new StreamEvent.MessageDelta(GeminiResponses.stopReason(finishReason, calls > 0, blockReason), null));
      finished = true;
    }
  }

  private void part(ObjectNode part, String path, Consumer<StreamEvent> out) {
    String signature = GeminiJson.string(part, "thoughtSignature", path, Source.UPSTREAM);
    ReasoningBlock envelope = signature == null ? null : ReasoningEnvelope.unwrap(signature);
    String nativeSignature = envelope == null ? signature : null;
    ProviderFields extras = GeminiJson.fields(GeminiJson.remainder(part, GeminiPartDecoder.PART_KEYS));

    ObjectNode call = GeminiJson.object(part, "functionCall", path, Source.UPSTREAM);
    if (call != null) {
      close(out);
      before(envelope, nativeSignature, out);
      String at = path + "functionCall.";
      String name = GeminiJson.requiredString(call, "name", at, Source.UPSTREAM);
      String id = GeminiJson.string(call, "id", at, Source.UPSTREAM);
      if (id == null || id.isEmpty()) {
        id = GeminiResponses.callIds(responseId).mint(name, 0, calls);
      }
      String arguments = GeminiPartDecoder.arguments(call, at, Source.UPSTREAM);
      ProviderFields callExtras = GeminiPartDecoder.withRemainder(extras, call, "functionCall", CALL_KEYS);
      int index = nextIndex++;
      out.accept(new StreamEvent.BlockStart(index, new ToolCallBlock(id, name, "", null, callExtras)));
      out.accept(new StreamEvent.ToolArgumentsDelta(index, arguments));
      out.accept(new StreamEvent.BlockStop(index));
      calls++;
      return;
    }
    ObjectNode inline = GeminiJson.object(part, "inlineData", path, Source.UPSTREAM);
    ObjectNode file = GeminiJson.object(part, "fileData", path, Source.UPSTREAM);
    if (inline != null || file != null) {
      close(out);
      before(envelope, nativeSignature, out);
      whole(inline != null
          ? GeminiPartDecoder.inlineData(inline, extras, path + "inlineData.", Source.UPSTREAM)
          : GeminiPartDecoder.fileData(file, extras, path + "fileData.", Source.UPSTREAM), out);
      return;
    }
    boolean thought = Boolean.TRUE.equals(GeminiJson.bool(part, "thought", path, Source.UPSTREAM));
    String text = GeminiJson.string(part, "text", path, Source.UPSTREAM);
    if (text == null && thought) {
      text = ""; // a thought that holds only its signature: it belongs to the open thought
    }
    if (text == null) {
      if (!extras.isEmpty()) {
        // executable code and other parts without a canonical block: carried whole for a Gemini peer
        close(out);
        before(envelope, nativeSignature, out);
        whole(new TextBlock("", null,
            GeminiJson.fields(GeminiJson.remainder(part, Set.of("thoughtSignature", "text", "thought")))), out);
      } else if (signature != null) {
        signatureAlone(envelope, nativeSignature, out);
      }
      return;
    }
    if (thought) {
      if (envelope != null) {
        close(out);
        whole(envelope, out);
      }
      if (open != Open.THOUGHT) {
        openBlock(Open.THOUGHT, new ReasoningBlock("", null, false, null, WireFormat.GEMINI, extras), out);
      }
      if (!text.isEmpty()) {
        out.accept(new StreamEvent.ReasoningDelta(openIndex, text));
      }
      if (nativeSignature != null) {
        out.accept(new StreamEvent.SignatureDelta(openIndex, nativeSignature));
      }
      return;
    }
    if (text.isEmpty()) {
      if (signature != null) {
        signatureAlone(envelope, nativeSignature, out);
      }
      return;
    }
    if (envelope != null) {
      close(out);
      whole(envelope, out);
    }
    if (open != Open.TEXT) {
      openBlock(Open.TEXT, new TextBlock("", null, extras), out);
    }
    out.accept(new StreamEvent.TextDelta(openIndex, text));
    if (nativeSignature != null) {
      close(out);
      carrier(nativeSignature, PREVIOUS, out);
    }
  }

  /** A signature on a part with nothing else: it rode on the text still open, else on its own part. */
  private void signatureAlone(ReasoningBlock envelope, String nativeSignature, Consumer<StreamEvent> out) {
    boolean afterText = open == Open.TEXT;
    close(out);
    if (envelope != null) {
      whole(envelope, out);
    } else {
      carrier(nativeSignature, afterText ? PREVIOUS : OWN, out);
    }
  }

  private void before(ReasoningBlock envelope, String nativeSignature, Consumer<StreamEvent> out) {
    if (envelope != null) {
      whole(envelope, out);
    } else if (nativeSignature != null) {
      carrier(nativeSignature, NEXT, out);
    }
  }

  private void carrier(String signature, String placement, Consumer<StreamEvent> out) {
    int index = nextIndex++;
    out.accept(new StreamEvent.BlockStart(index, new ReasoningBlock("", null, false, null, WireFormat.GEMINI,
        GeminiJson.withMarker(ProviderFields.EMPTY, GeminiPartDecoder.SIGNATURE_ON, placement))));
    out.accept(new StreamEvent.SignatureDelta(index, signature));
    out.accept(new StreamEvent.BlockStop(index));
  }

  private void whole(ContentBlock block, Consumer<StreamEvent> out) {
    int index = nextIndex++;
    out.accept(new StreamEvent.BlockStart(index, block));
    out.accept(new StreamEvent.BlockStop(index));
  }

  private void openBlock(Open kind, ContentBlock block, Consumer<StreamEvent> out) {
    close(out);
    openIndex = nextIndex++;
    open = kind;
    out.accept(new StreamEvent.BlockStart(openIndex, block));
  }

  private void close(Consumer<StreamEvent> out) {
    if (open != Open.NONE) {
      out.accept(new StreamEvent.BlockStop(openIndex));
      open = Open.NONE;
    }
  }

  private void fail(LlmException error, Consumer<StreamEvent> out) {
    out.accept(new StreamEvent.StreamError(error));
    ended = true;
  }

  @Override
  public void finish(Consumer<StreamEvent> out) {
    if (ended) {
      return;
    }
    ended = true;
    if (finished) {
      out.accept(new StreamEvent.MessageStop());
      return;
    }
    out.accept(new StreamEvent.StreamError(LlmException.builder(ErrorKind.CONNECTION,
            "the Gemini stream ended before a chunk with a finishReason")
        .build()));
  }
}
