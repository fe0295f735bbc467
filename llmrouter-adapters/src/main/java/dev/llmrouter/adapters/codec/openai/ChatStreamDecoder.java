package dev.llmrouter.adapters.codec.openai;

import dev.llmrouter.adapters.codec.JsonSupport;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * An upstream's {@code chat.completion.chunk} stream to canonical events. Lenient, because every
 * OpenAI-compatible server streams a little differently: a tool call starts once its id and name
 * are known (fragments before that are held), indices may interleave, id and name may repeat on
 * every chunk, arguments may come whole or only at the end, and one chunk may carry content,
 * {@code finish_reason} and usage at once.
 */
final class ChatStreamDecoder implements StreamDecoder {
  private final TreeMap<Integer, PendingCall> calls = new TreeMap<>();
  private final TreeSet<Integer> openBlocks = new TreeSet<>();
  private int nextBlock;
  private int textBlock = -1;
  private int refusalBlock = -1;
  private int reasoningBlock = -1;
  private boolean started;
  private boolean finishSeen;
  private boolean ended;
  private Usage lastUsage;

  /** One tool call by its Chat index: what is known of it, and its block once started. */
  private static final class PendingCall {
    String id;
    String name;
    final StringBuilder heldArguments = new StringBuilder();
    int block = -1;
  }

  @Override
  public void decode(SseEvent event, Consumer<StreamEvent> out) {
    String data = event.data().strip();
    if (ended || data.isEmpty()) {
      return;
    }
    if ("[DONE]".equals(data)) {
      if (!finishSeen) {
        start(null, out);
        finish(null, null, out);
      }
      end(new StreamEvent.MessageStop(), out);
      return;
    }
    JsonNode chunk = JsonSupport.parseOrNull(data);
    if (chunk == null || !chunk.isObject()) {
      end(new StreamEvent.StreamError(LlmException.builder(
          ErrorKind.UPSTREAM_SERVER, "upstream sent a stream chunk that is not a JSON object").build()), out);
      return;
    }
    if ((chunk.has("error") && !chunk.has("choices")) || "error".equals(event.event())) {
      end(new StreamEvent.StreamError(ChatErrors.inBand(chunk)), out);
      return;
    }
    start(chunk, out);
    JsonNode usageNode = chunk.get("usage");
    Usage usage = usageNode != null && usageNode.isObject() ? ChatResponses.usage(usageNode) : null;
    JsonNode choice = ChatResponses.firstChoice(chunk.path("choices"));
    if (choice != null && !finishSeen) {
      delta(choice.path("delta"), out);
      JsonNode finishReason = choice.get("finish_reason");
      if (finishReason != null && finishReason.isString()) {
        finish(finishReason.stringValue(), usage, out);
        return;
      }
    }
    if (usage != null) {
      usage(usage, out);
    }
  }

  @Override
  public void finish(Consumer<StreamEvent> out) {
    if (ended) {
      return;
    }
    if (finishSeen) {
      // some servers end after finish_reason (and usage) without [DONE]: the answer is complete
      end(new StreamEvent.MessageStop(), out);
    } else {
      end(new StreamEvent.StreamError(LlmException.builder(
          ErrorKind.CONNECTION, "the upstream closed the stream before it finished").build()), out);
    }
  }

  private void start(JsonNode chunk, Consumer<StreamEvent> out) {
    if (!started) {
      started = true;
      String id = chunk != null && chunk.path("id").isString() ? chunk.get("id").stringValue() : null;
      String model = chunk != null && chunk.path("model").isString() ? chunk.get("model").stringValue() : null;
      out.accept(new StreamEvent.MessageStart(id, model, Usage.ZERO));
    }
  }

  private void delta(JsonNode delta, Consumer<StreamEvent> out) {
    String reasoning = text(delta, "reasoning_content");
    if (reasoning == null) {
      reasoning = text(delta, "reasoning"); // OpenRouter
    }
    if (reasoning != null) {
      textBlock = stop(textBlock, out);
      if (reasoningBlock < 0) {
        reasoningBlock = open(new ReasoningBlock("", null, false, null, ChatJson.CHAT, ProviderFields.EMPTY), out);
      }
      out.accept(new StreamEvent.ReasoningDelta(reasoningBlock, reasoning));
    }
    String content = text(delta, "content");
    if (content != null) {
      reasoningBlock = stop(reasoningBlock, out);
      if (textBlock < 0) {
        textBlock = open(TextBlock.of(""), out);
      }
      out.accept(new StreamEvent.TextDelta(textBlock, content));
    }
    String refusal = text(delta, "refusal");
    if (refusal != null) {
      reasoningBlock = stop(reasoningBlock, out);
      if (refusalBlock < 0) {
        refusalBlock = open(ChatContent.refusal("", new LinkedHashMap<>()), out);
      }
      out.accept(new StreamEvent.TextDelta(refusalBlock, refusal));
    }
    JsonNode toolCalls = delta.get("tool_calls");
    if (toolCalls != null && toolCalls.isArray()) {
      for (JsonNode toolCall : toolCalls) {
        toolCall(toolCall, out);
      }
    }
  }

  private static String text(JsonNode delta, String field) {
    JsonNode node = delta.get(field);
    return node != null && node.isString() && !node.stringValue().isEmpty() ? node.stringValue() : null;
  }

  private void toolCall(JsonNode delta, Consumer<StreamEvent> out) {
    PendingCall call = calls.computeIfAbsent(index(delta), i -> new PendingCall());
    if (call.id == null && delta.path("id").isString() && !delta.get("id").stringValue().isEmpty()) {
      call.id = delta.get("id").stringValue();
    }
    JsonNode function = delta.path("function");
    if (call.name == null && function.path("name").isString() && !function.get("name").stringValue().isEmpty()) {
      call.name = function.get("name").stringValue();
    }
    JsonNode arguments = function.get("arguments");
    String fragment = "";
    if (arguments != null && arguments.isString()) {
      fragment = arguments.stringValue();
    } else if (arguments != null && arguments.isObject()) {
      fragment = JsonSupport.write(arguments);
    }
    if (call.block >= 0) {
      if (!fragment.isEmpty()) {
        out.accept(new StreamEvent.ToolArgumentsDelta(call.block, fragment));
      }
      return;
    }
    call.heldArguments.append(fragment);
    if (call.id != null && call.name != null) {
      startCall(call, out);
    }
  }

  /** The Chat index; servers that omit it get one from the id (a new id is a new call). */
  private int index(JsonNode delta) {
    JsonNode index = delta.get("index");
    if (index != null && index.canConvertToInt()) {
      return index.intValue();
    }
    if (calls.isEmpty()) {
      return 0;
    }
    String id = delta.path("id").isString() ? delta.get("id").stringValue() : null;
    if (id == null) {
      return calls.lastKey();
    }
    for (Map.Entry<Integer, PendingCall> entry : calls.entrySet()) {
      if (id.equals(entry.getValue().id)) {
        return entry.getKey();
      }
    }
    return calls.lastKey() + 1;
  }

  private void startCall(PendingCall call, Consumer<StreamEvent> out) {
    // text and reasoning end where the calls begin; keeping them open would make one-block-at-a-time encoders buffer
    textBlock = stop(textBlock, out);
    refusalBlock = stop(refusalBlock, out);
    reasoningBlock = stop(reasoningBlock, out);
    call.block = open(ToolCallBlock.of(call.id, call.name, ""), out);
    if (call.heldArguments.length() > 0) {
      out.accept(new StreamEvent.ToolArgumentsDelta(call.block, call.heldArguments.toString()));
      call.heldArguments.setLength(0);
    }
  }

  private void finish(String finishReason, Usage usage, Consumer<StreamEvent> out) {
    boolean hasCalls = false;
    for (PendingCall call : calls.values()) {
      if (call.block < 0 && call.name != null) {
        if (call.id == null) {
          call.id = ChatContent.mintCallId();
        }
        startCall(call, out);
      }
      hasCalls |= call.block >= 0;
    }
    for (int block : openBlocks) {
      out.accept(new StreamEvent.BlockStop(block));
    }
    openBlocks.clear();
    textBlock = refusalBlock = reasoningBlock = -1;
    if (usage != null) {
      usage(usage, out);
    }
    out.accept(new StreamEvent.MessageDelta(ChatResponses.stopReason(finishReason, hasCalls), null));
    finishSeen = true;
  }

  private void usage(Usage usage, Consumer<StreamEvent> out) {
    if (!usage.equals(lastUsage)) {
      lastUsage = usage;
      out.accept(new StreamEvent.UsageUpdate(usage));
    }
  }

  private int open(ContentBlock block, Consumer<StreamEvent> out) {
    int index = nextBlock++;
    openBlocks.add(index);
    out.accept(new StreamEvent.BlockStart(index, block));
    return index;
  }

  /** Stops {@code block} if it is open; returns -1, the "no block" value for the caller's field. */
  private int stop(int block, Consumer<StreamEvent> out) {
    if (block >= 0 && openBlocks.remove(block)) {
      out.accept(new StreamEvent.BlockStop(block));
    }
    return -1;
  }

  private void end(StreamEvent last, Consumer<StreamEvent> out) {
    ended = true;
    out.accept(last);
  }
}
