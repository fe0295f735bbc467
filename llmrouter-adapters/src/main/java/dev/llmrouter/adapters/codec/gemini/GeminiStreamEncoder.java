package dev.llmrouter.adapters.codec.gemini;

import static dev.llmrouter.adapters.codec.gemini.GeminiPartDecoder.OWN;
import static dev.llmrouter.adapters.codec.gemini.GeminiPartDecoder.PREVIOUS;
import static dev.llmrouter.adapters.codec.gemini.GeminiPartDecoder.SIGNATURE_ON;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.model.ContentBlock;
import dev.llmrouter.api.model.DocumentBlock;
import dev.llmrouter.api.model.ImageBlock;
import dev.llmrouter.api.model.ReasoningBlock;
import dev.llmrouter.api.model.StopReason;
import dev.llmrouter.api.model.TextBlock;
import dev.llmrouter.api.model.ToolCallBlock;
import dev.llmrouter.api.model.Usage;
import dev.llmrouter.api.spi.SseEvent;
import dev.llmrouter.api.spi.StreamEncoder;
import dev.llmrouter.api.stream.StreamEvent;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes canonical events as Gemini's {@code alt=sse} stream: every event is one whole
 * {@code GenerateContentResponse} holding only the new parts, with no {@code event:} name.
 *
 * <p>Text and thoughts go out as they arrive. A function call can only be sent whole, so its argument
 * fragments wait for its {@code BlockStop}. A thought signature waits for the part it rides on (see
 * {@link GeminiPartDecoder}); one with no part left to ride on goes in the last chunk, which always
 * carries {@code finishReason} and {@code usageMetadata} (Gemini CLI re-asks without them).
 */
final class GeminiStreamEncoder implements StreamEncoder {
  private final boolean includeThoughts;
  private final Map<Integer, OpenBlock> open = new TreeMap<>();
  private String responseId;
  private String model;
  private Usage usage = Usage.ZERO;
  private StopReason stopReason;
  private String waitingSignature;
  private boolean ended;

  private static final class OpenBlock {
    final ContentBlock start;
    final StringBuilder text = new StringBuilder();
    final StringBuilder signature = new StringBuilder();
    String callSignature;

    OpenBlock(ContentBlock start) {
      this.start = start;
    }
  }

  GeminiStreamEncoder(boolean includeThoughts) {
    this.includeThoughts = includeThoughts;
  }

  @Override
  public void encode(StreamEvent event, Consumer<SseEvent> out) {
    if (ended) {
      return;
    }
    if (event instanceof StreamEvent.MessageStart start) {
      responseId = start.id();
      model = start.model();
      usage = start.usage();
    } else if (event instanceof StreamEvent.BlockStart start) {
      blockStart(start.index(), start.block(), out);
    } else if (event instanceof StreamEvent.TextDelta delta) {
      text(delta.text(), out);
    } else if (event instanceof StreamEvent.ReasoningDelta delta) {
      OpenBlock block = open.get(delta.index());
      if (block != null) {
        block.text.append(delta.text());
        thought((ReasoningBlock) block.start, delta.text(), out);
      }
    } else if (event instanceof StreamEvent.SignatureDelta delta) {
      OpenBlock block = open.get(delta.index());
      if (block != null) {
        block.signature.append(delta.signature());
      }
    } else if (event instanceof StreamEvent.ToolArgumentsDelta delta) {
      OpenBlock block = open.get(delta.index());
      if (block != null) {
        block.text.append(delta.fragment());
      }
    } else if (event instanceof StreamEvent.BlockStop stop) {
      OpenBlock block = open.remove(stop.index());
      if (block != null) {
        blockStop(block, out);
      }
    } else if (event instanceof StreamEvent.UsageUpdate update) {
      usage = update.usage();
    } else if (event instanceof StreamEvent.MessageDelta delta) {
      stopReason = delta.stopReason();
    } else if (event instanceof StreamEvent.MessageStop) {
      finish(out);
    } else if (event instanceof StreamEvent.StreamError error) {
      ObjectNode chunk = JsonSupport.NODES.objectNode();
      chunk.set("error", GeminiErrors.errorObject(error.error()));
      out.accept(SseEvent.data(JsonSupport.write(chunk)));
      ended = true;
    }
  }

  private void blockStart(int index, ContentBlock block, Consumer<SseEvent> out) {
    OpenBlock state = new OpenBlock(block);
    open.put(index, state);
    if (block instanceof TextBlock t) {
      if (t.extras().fieldsFor(WireFormat.GEMINI).isEmpty()) {
        text(t.text(), out);
      } else {
        // a Gemini part kind with no canonical block (executable code…), carried whole
        ObjectNode part = GeminiPartWriter.textPart(t);
        if (part != null) {
          emitWithWaiting(part, out);
        }
      }
    } else if (block instanceof ImageBlock || block instanceof DocumentBlock) {
      emitWithWaiting(GeminiPartWriter.mediaPart(block), out);
    } else if (block instanceof ToolCallBlock call) {
      state.text.append(call.arguments());
      // a signature waiting now belongs to this call, even if other parts come before it ends
      state.callSignature = waitingSignature;
      waitingSignature = null;
    } else if (block instanceof ReasoningBlock r) {
      state.text.append(r.text());
      if (r.signature() != null) {
        state.signature.append(r.signature());
      }
      thought(r, r.text(), out);
    }
  }

  private void blockStop(OpenBlock block, Consumer<SseEvent> out) {
    if (block.start instanceof ToolCallBlock call) {
      ObjectNode part = GeminiPartWriter.toolCallPart(
          new ToolCallBlock(call.id(), call.name(), block.text.toString(), call.cacheControl(), call.extras()));
      String signature = block.callSignature != null ? block.callSignature : takeWaiting();
      if (signature != null) {
        part.put("thoughtSignature", signature);
      }
      emit(part, out);
    } else if (block.start instanceof ReasoningBlock r) {
      String signature = block.signature.length() == 0 ? null : block.signature.toString();
      ReasoningBlock whole = GeminiPartWriter.ownOrigin(
          new ReasoningBlock(block.text.toString(), signature, r.redacted(), r.id(), r.origin(), r.extras()));
      if (whole.origin() != WireFormat.GEMINI) {
        String envelope = GeminiPartWriter.envelope(whole);
        if (envelope != null) {
          wait(envelope, out);
        }
        return;
      }
      String placement = GeminiJson.marker(whole.extras(), SIGNATURE_ON);
      if (signature == null) {
        return;
      }
      if (placement == null && !whole.text().isEmpty()) {
        emit(GeminiPartWriter.thoughtPart("", signature, whole.extras()), out);
      } else if (PREVIOUS.equals(placement) || OWN.equals(placement)) {
        // the text it rode on is already sent: it follows on a part of its own
        emit(GeminiPartWriter.signaturePart(signature), out);
      } else {
        wait(signature, out);
      }
    }
  }

  private void text(String text, Consumer<SseEvent> out) {
    if (!text.isEmpty()) {
      emitWithWaiting(JsonSupport.NODES.objectNode().put("text", text), out);
    }
  }

  /** Emits a part with the signature waiting for it, if any. */
  private void emitWithWaiting(ObjectNode part, Consumer<SseEvent> out) {
    String signature = takeWaiting();
    if (signature != null && !part.has("thoughtSignature")) {
      part.put("thoughtSignature", signature);
    } else if (signature != null) {
      emit(GeminiPartWriter.signaturePart(signature), out);
    }
    emit(part, out);
  }

  /** Gemini's own thoughts are always shown; another provider's only when the client asked for thoughts. */
  private void thought(ReasoningBlock block, String text, Consumer<SseEvent> out) {
    boolean shown = block.origin() == WireFormat.GEMINI
        ? GeminiJson.marker(block.extras(), SIGNATURE_ON) == null
        : includeThoughts;
    if (shown && !text.isEmpty()) {
      emit(JsonSupport.NODES.objectNode().put("text", text).put("thought", true), out);
    }
  }

  private void wait(String signature, Consumer<SseEvent> out) {
    if (waitingSignature != null) {
      emit(GeminiPartWriter.signaturePart(waitingSignature), out);
    }
    waitingSignature = signature;
  }

  private String takeWaiting() {
    String signature = waitingSignature;
    waitingSignature = null;
    return signature;
  }

  private void emit(ObjectNode part, Consumer<SseEvent> out) {
    ObjectNode chunk = chunk();
    ObjectNode candidate = (ObjectNode) chunk.get("candidates").get(0);
    ObjectNode content = candidate.putObject("content");
    content.putArray("parts").add(part);
    content.put("role", "model");
    candidate.put("index", 0);
    out.accept(SseEvent.data(JsonSupport.write(chunk)));
  }

  private void finish(Consumer<SseEvent> out) {
    for (OpenBlock block : open.values()) {
      blockStop(block, out);
    }
    open.clear();
    ObjectNode chunk = chunk();
    ObjectNode candidate = (ObjectNode) chunk.get("candidates").get(0);
    String signature = takeWaiting();
    if (signature != null) {
      ObjectNode content = candidate.putObject("content");
      content.putArray("parts").add(GeminiPartWriter.signaturePart(signature));
      content.put("role", "model");
    }
    candidate.put("finishReason", GeminiResponses.finishReason(stopReason));
    candidate.put("index", 0);
    chunk.set("usageMetadata", GeminiResponses.usageMetadata(usage));
    out.accept(SseEvent.data(JsonSupport.write(chunk)));
    ended = true;
  }

  private ObjectNode chunk() {
    ObjectNode chunk = JsonSupport.NODES.objectNode();
    chunk.putArray("candidates").addObject();
    if (model != null) {
      chunk.put("modelVersion", model);
    }
    if (responseId != null) {
      chunk.put("responseId", responseId);
    }
    return chunk;
  }
}
