package dev.llmrouter.adapters.codec.openai;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ReasoningBlock;
import dev.llmrouter.api.model.StopReason;
import dev.llmrouter.api.model.TextBlock;
import dev.llmrouter.api.model.ToolCallBlock;
import dev.llmrouter.api.model.Usage;
import dev.llmrouter.api.spi.SseEvent;
import dev.llmrouter.api.spi.StreamEncoder;
import dev.llmrouter.api.stream.StreamEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Canonical events to a client's {@code chat.completion.chunk} stream. Chat can interleave text and
 * tool calls, so every event is written at once; only usage waits for the end, where Chat puts it
 * (and only if the client asked with {@code stream_options.include_usage}).
 */
final class ChatStreamEncoder implements StreamEncoder {
  private final ChatRequest request;
  private final boolean includeUsage;
  private final long created = Instant.now().getEpochSecond();
  /** Canonical block index to Chat tool-call index: Chat counts tool calls only. */
  private final Map<Integer, Integer> toolIndices = new HashMap<>();
  private final Set<Integer> refusalBlocks = new HashSet<>();
  private String id;
  private String model;
  private Usage usage = Usage.ZERO;
  private boolean roleSent;
  private boolean finishSent;
  private boolean ended;

  ChatStreamEncoder(ChatRequest request) {
    this.request = request;
    JsonNode options = ChatJson.extra(request.extras(), "stream_options");
    this.includeUsage = options != null && options.path("include_usage").asBoolean(false);
  }

  @Override
  public void encode(StreamEvent event, Consumer<SseEvent> out) {
    if (ended) {
      return;
    }
    if (event instanceof StreamEvent.MessageStart start) {
      id = start.id();
      model = start.model();
      usage = start.usage();
    } else if (event instanceof StreamEvent.BlockStart start) {
      blockStart(start, out);
    } else if (event instanceof StreamEvent.TextDelta delta) {
      text(delta.index(), delta.text(), out);
    } else if (event instanceof StreamEvent.ToolArgumentsDelta delta) {
      Integer toolIndex = toolIndices.get(delta.index());
      if (toolIndex != null && !delta.fragment().isEmpty()) {
        ObjectNode call = JsonSupport.NODES.objectNode().put("index", toolIndex);
        call.putObject("function").put("arguments", delta.fragment());
        toolCallChunk(call, out);
      }
    } else if (event instanceof StreamEvent.ReasoningDelta delta) {
      reasoning(delta.text(), out);
    } else if (event instanceof StreamEvent.UsageUpdate update) {
      usage = update.usage();
    } else if (event instanceof StreamEvent.MessageDelta delta) {
      finishChunk(delta.stopReason(), out);
    } else if (event instanceof StreamEvent.MessageStop) {
      if (!finishSent) {
        finishChunk(StopReason.of(StopReason.Kind.END_TURN), out);
      }
      if (includeUsage) {
        ObjectNode chunk = chunk();
        chunk.putArray("choices");
        chunk.set("usage", ChatResponses.usageJson(usage));
        out.accept(SseEvent.data(JsonSupport.write(chunk)));
      }
      ended = true;
      out.accept(SseEvent.data("[DONE]"));
    } else if (event instanceof StreamEvent.StreamError error) {
      ObjectNode chunk = JsonSupport.NODES.objectNode();
      chunk.set("error", ChatErrors.errorObject(error.error()));
      ended = true;
      out.accept(SseEvent.data(JsonSupport.write(chunk)));
    }
    // SignatureDelta: Chat has no slot for opaque reasoning state; BlockStop: Chat has no block end
  }

  private void blockStart(StreamEvent.BlockStart start, Consumer<SseEvent> out) {
    // the role chunk waits for the first block: its content is "" before text, null before anything else
    boolean isText = start.block() instanceof TextBlock t && !ChatContent.isRefusal(t);
    roleChunk(isText, out);
    if (start.block() instanceof TextBlock t) {
      if (ChatContent.isRefusal(t)) {
        refusalBlocks.add(start.index());
      }
      text(start.index(), t.text(), out);
    } else if (start.block() instanceof ToolCallBlock call) {
      int toolIndex = toolIndices.size();
      toolIndices.put(start.index(), toolIndex);
      ObjectNode head = JsonSupport.NODES.objectNode()
          .put("index", toolIndex)
          .put("id", call.id())
          .put("type", "function");
      head.putObject("function").put("name", call.name()).put("arguments", "");
      toolCallChunk(head, out);
      if (!call.arguments().isEmpty()) {
        ObjectNode rest = JsonSupport.NODES.objectNode().put("index", toolIndex);
        rest.putObject("function").put("arguments", call.arguments());
        toolCallChunk(rest, out);
      }
    } else if (start.block() instanceof ReasoningBlock reasoning && !reasoning.redacted()) {
      reasoning(reasoning.text(), out);
    }
  }

  private void roleChunk(boolean contentFollows, Consumer<SseEvent> out) {
    if (roleSent) {
      return;
    }
    roleSent = true;
    ObjectNode delta = JsonSupport.NODES.objectNode().put("role", "assistant");
    if (contentFollows) {
      delta.put("content", "");
    } else {
      delta.putNull("content");
    }
    deltaChunk(delta.putNull("refusal"), null, out);
  }

  private void text(int block, String text, Consumer<SseEvent> out) {
    if (!text.isEmpty()) {
      String field = refusalBlocks.contains(block) ? "refusal" : "content";
      deltaChunk(JsonSupport.NODES.objectNode().put(field, text), null, out);
    }
  }

  private void reasoning(String text, Consumer<SseEvent> out) {
    if (!text.isEmpty()) {
      deltaChunk(JsonSupport.NODES.objectNode().put("reasoning_content", text), null, out);
    }
  }

  private void toolCallChunk(ObjectNode call, Consumer<SseEvent> out) {
    ObjectNode delta = JsonSupport.NODES.objectNode();
    delta.putArray("tool_calls").add(call);
    deltaChunk(delta, null, out);
  }

  private void finishChunk(StopReason reason, Consumer<SseEvent> out) {
    if (finishSent) {
      return;
    }
    roleChunk(true, out);
    finishSent = true;
    deltaChunk(JsonSupport.NODES.objectNode(), ChatResponses.finishReason(reason, !toolIndices.isEmpty()), out);
  }

  private void deltaChunk(ObjectNode delta, String finishReason, Consumer<SseEvent> out) {
    ObjectNode chunk = chunk();
    ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
    choice.set("delta", delta);
    choice.putNull("logprobs");
    choice.put("finish_reason", finishReason);
    if (includeUsage) {
      chunk.putNull("usage");
    }
    out.accept(SseEvent.data(JsonSupport.write(chunk)));
  }

  private ObjectNode chunk() {
    if (id == null) {
      id = ChatResponses.mintId();
    }
    ObjectNode chunk = JsonSupport.NODES.objectNode()
        .put("id", id)
        .put("object", "chat.completion.chunk")
        .put("created", created);
    return chunk.put("model", model != null ? model : request.model());
  }
}
