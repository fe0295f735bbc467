package dev.llmrouter.adapters.codec.anthropic;

import static dev.llmrouter.adapters.codec.anthropic.AnthropicJson.FORMAT;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.model.ContentBlock;
import dev.llmrouter.api.model.ReasoningBlock;
import dev.llmrouter.api.model.StopReason;
import dev.llmrouter.api.model.ToolCallBlock;
import dev.llmrouter.api.model.Usage;
import dev.llmrouter.api.spi.SseEvent;
import dev.llmrouter.api.spi.StreamDecoder;
import dev.llmrouter.api.stream.StreamEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An Anthropic upstream's SSE stream to canonical events. Anthropic blocks never interleave, so
 * each event maps to canonical events at once; the only block held back is an opaque one (a
 * server-tool block), which is emitted whole when it stops because the canonical model can only
 * carry it whole.
 */
final class AnthropicStreamDecoder implements StreamDecoder {
  private static final Set<String> TOOL_USE_FIELDS = Set.of("type", "id", "name", "input", "cache_control");
  private static final Set<String> THINKING_FIELDS = Set.of("type", "thinking", "signature");

  private enum Kind {
    TEXT,
    TOOL_USE,
    THINKING,
    WHOLE,
    OPAQUE
  }

  private static final class OpenBlock {
    final Kind kind;
    final int index;
    final ObjectNode opaque;
    final StringBuilder opaqueInput = new StringBuilder();
    boolean hasArguments;

    OpenBlock(Kind kind, int index, ObjectNode opaque) {
      this.kind = kind;
      this.index = index;
      this.opaque = opaque;
    }
  }

  private final JsonReader reader = JsonReader.UPSTREAM;
  private final Map<Integer, OpenBlock> open = new LinkedHashMap<>();
  private Usage usage = Usage.ZERO;
  private int nextIndex;
  private boolean started;
  private boolean stopReasonSent;
  private boolean sawToolUse;
  private boolean ended;

  @Override
  public void decode(SseEvent event, Consumer<StreamEvent> out) {
    if (ended || event.data().isBlank() || "[DONE]".equals(event.data().strip())) {
      return;
    }
    try {
      JsonNode data = JsonSupport.parseOrNull(event.data());
      if (!(data instanceof ObjectNode node)) {
        throw reader.invalid("", "a stream event that is not a JSON object");
      }
      String type = node.path("type").asString(event.event() == null ? "" : event.event());
      switch (type) {
        case "message_start":
          onMessageStart(node, out);
          break;
        case "content_block_start":
          ensureStarted(out);
          onBlockStart(node, out);
          break;
        case "content_block_delta":
          ensureStarted(out);
          onBlockDelta(node, out);
          break;
        case "content_block_stop":
          ensureStarted(out);
          onBlockStop(reader.requiredInt(node, "index", "content_block_stop"), out);
          break;
        case "message_delta":
          ensureStarted(out);
          onMessageDelta(node, out);
          break;
        case "message_stop":
          ensureStarted(out);
          closeOpenBlocks(out);
          if (!stopReasonSent) {
            out.accept(new StreamEvent.MessageDelta(inferredStop(), null));
          }
          out.accept(new StreamEvent.MessageStop());
          ended = true;
          break;
        case "error":
          ended = true;
          out.accept(new StreamEvent.StreamError(AnthropicErrors.decodeInStream(node)));
          break;
        default:
          break; // ping, and event types newer than this code
      }
    } catch (LlmException malformed) {
      ended = true;
      out.accept(new StreamEvent.StreamError(malformed));
    }
  }

  @Override
  public void finish(Consumer<StreamEvent> out) {
    if (!ended) {
      ended = true;
      out.accept(
          new StreamEvent.StreamError(
              LlmException.builder(ErrorKind.CONNECTION, "the upstream stream ended before message_stop").build()));
    }
  }

  private void ensureStarted(Consumer<StreamEvent> out) {
    if (!started) {
      started = true;
      out.accept(new StreamEvent.MessageStart(null, null, Usage.ZERO));
    }
  }

  private void onMessageStart(ObjectNode node, Consumer<StreamEvent> out) {
    if (started) {
      return;
    }
    ObjectNode message = reader.requiredObject(node, "message", "message_start");
    ObjectNode usageNode = reader.optionalObject(message, "usage", "message_start.message");
    if (usageNode != null) {
      usage = ResponseCodec.usage(usageNode, Usage.ZERO, "message_start.message.usage", reader);
    }
    started = true;
    out.accept(
        new StreamEvent.MessageStart(
            reader.optionalString(message, "id", "message_start.message"),
            reader.optionalString(message, "model", "message_start.message"),
            usage));
  }

  private void onBlockStart(ObjectNode node, Consumer<StreamEvent> out) {
    int anthropicIndex = reader.requiredInt(node, "index", "content_block_start");
    String path = "content_block_start.content_block";
    ObjectNode block = reader.requiredObject(node, "content_block", "content_block_start");
    String type = reader.requiredString(block, "type", path);
    ContentBlock start;
    Kind kind;
    if (type.equals("tool_use")) {
      kind = Kind.TOOL_USE;
      JsonNode input = block.get("input");
      // the start carries "input": {} as a placeholder; the arguments follow as input_json_delta fragments
      boolean placeholder = input == null || input.isNull() || (input.isObject() && input.isEmpty());
      start = new ToolCallBlock(
          reader.requiredString(block, "id", path),
          reader.requiredString(block, "name", path),
          placeholder ? "" : ContentBlocks.toolArguments(input),
          AnthropicJson.readCacheControl(block, path, reader),
          AnthropicJson.unknownFields(block, TOOL_USE_FIELDS));
      sawToolUse = true;
    } else if (type.equals("thinking")) {
      kind = Kind.THINKING;
      String thinking = reader.optionalString(block, "thinking", path);
      String signature = reader.optionalString(block, "signature", path);
      start = new ReasoningBlock(
          thinking == null ? "" : thinking,
          signature == null || signature.isEmpty() ? null : signature,
          false,
          null,
          FORMAT,
          AnthropicJson.unknownFields(block, THINKING_FIELDS));
    } else {
      start = ContentBlocks.decodeBlock(block, path, reader);
      if (ContentBlocks.isOpaque(start)) {
        open.put(anthropicIndex, new OpenBlock(Kind.OPAQUE, -1, block));
        return;
      }
      kind = type.equals("text") ? Kind.TEXT : Kind.WHOLE;
    }
    int index = nextIndex++;
    open.put(anthropicIndex, new OpenBlock(kind, index, null));
    out.accept(new StreamEvent.BlockStart(index, start));
  }

  private void onBlockDelta(ObjectNode node, Consumer<StreamEvent> out) {
    OpenBlock block = open.get(reader.requiredInt(node, "index", "content_block_delta"));
    ObjectNode delta = reader.requiredObject(node, "delta", "content_block_delta");
    if (block == null) {
      return; // a delta for a block that never started: nothing to attach it to
    }
    String path = "content_block_delta.delta";
    switch (reader.requiredString(delta, "type", path)) {
      case "text_delta":
        if (block.kind == Kind.TEXT) {
          out.accept(new StreamEvent.TextDelta(block.index, reader.requiredString(delta, "text", path)));
        }
        break;
      case "input_json_delta":
        String fragment = reader.requiredString(delta, "partial_json", path);
        if (block.kind == Kind.TOOL_USE) {
          block.hasArguments |= !fragment.isEmpty();
          out.accept(new StreamEvent.ToolArgumentsDelta(block.index, fragment));
        } else if (block.kind == Kind.OPAQUE) {
          block.opaqueInput.append(fragment);
        }
        break;
      case "thinking_delta":
        if (block.kind == Kind.THINKING) {
          out.accept(new StreamEvent.ReasoningDelta(block.index, reader.requiredString(delta, "thinking", path)));
        }
        break;
      case "signature_delta":
        if (block.kind == Kind.THINKING) {
          out.accept(new StreamEvent.SignatureDelta(block.index, reader.requiredString(delta, "signature", path)));
        }
        break;
      default:
        break; // citations_delta: canonical streams carry no citations, the text itself is complete
    }
  }

  private void onBlockStop(int anthropicIndex, Consumer<StreamEvent> out) {
    OpenBlock block = open.remove(anthropicIndex);
    if (block == null) {
      return;
    }
    if (block.kind == Kind.OPAQUE) {
      if (block.opaqueInput.length() > 0) {
        block.opaque.set("input", ContentBlocks.toolInput(block.opaqueInput.toString()));
      }
      int index = nextIndex++;
      out.accept(new StreamEvent.BlockStart(index, ContentBlocks.opaque(block.opaque)));
      out.accept(new StreamEvent.BlockStop(index));
      return;
    }
    if (block.kind == Kind.TOOL_USE && !block.hasArguments) {
      // A call without arguments streams no fragment (or only ""); its arguments are "{}", as in a whole answer.
      out.accept(new StreamEvent.ToolArgumentsDelta(block.index, "{}"));
    }
    out.accept(new StreamEvent.BlockStop(block.index));
  }

  private void onMessageDelta(ObjectNode node, Consumer<StreamEvent> out) {
    ObjectNode usageNode = reader.optionalObject(node, "usage", "message_delta");
    if (usageNode != null) {
      usage = ResponseCodec.usage(usageNode, usage, "message_delta.usage", reader);
      out.accept(new StreamEvent.UsageUpdate(usage));
    }
    ObjectNode delta = reader.optionalObject(node, "delta", "message_delta");
    String stopReason = delta == null ? null : reader.optionalString(delta, "stop_reason", "message_delta.delta");
    if (stopReason != null && !stopReasonSent) {
      closeOpenBlocks(out);
      stopReasonSent = true;
      out.accept(
          new StreamEvent.MessageDelta(
              ResponseCodec.stopReason(stopReason), reader.optionalString(delta, "stop_sequence", "message_delta.delta")));
    }
  }

  /** Blocks an upstream left open when the message ended: the canonical grammar stops every block first. */
  private void closeOpenBlocks(Consumer<StreamEvent> out) {
    for (Integer anthropicIndex : open.keySet().toArray(new Integer[0])) {
      onBlockStop(anthropicIndex, out);
    }
  }

  private StopReason inferredStop() {
    return StopReason.of(sawToolUse ? StopReason.Kind.TOOL_USE : StopReason.Kind.END_TURN);
  }
}
