package dev.llmrouter.adapters.provider;

import dev.llmrouter.adapters.codec.mock.SchemaExample;
import dev.llmrouter.api.NativeRequest;
import dev.llmrouter.api.NativeResponse;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.ContentBlock;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.api.model.ResponseFormat;
import dev.llmrouter.api.model.Role;
import dev.llmrouter.api.model.StopReason;
import dev.llmrouter.api.model.TextBlock;
import dev.llmrouter.api.model.Tool;
import dev.llmrouter.api.model.ToolCallBlock;
import dev.llmrouter.api.model.ToolChoice;
import dev.llmrouter.api.model.ToolResultBlock;
import dev.llmrouter.api.model.Usage;
import dev.llmrouter.api.spi.AdapterResources;
import dev.llmrouter.api.spi.CallOptions;
import dev.llmrouter.api.spi.ForwardRequest;
import dev.llmrouter.api.spi.ProviderAdapter;
import dev.llmrouter.api.spi.StreamEncoder;
import dev.llmrouter.api.spi.TokenCountCodec;
import dev.llmrouter.api.spi.WireCodec;
import dev.llmrouter.api.stream.ChatStream;
import dev.llmrouter.api.stream.StreamEvent;
import dev.llmrouter.core.TokenEstimator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** The mock provider (see {@link MockAdapterFactory}). Stateless but for an id counter; thread-safe. */
final class MockProviderAdapter implements ProviderAdapter {
  static final String MARKER = "llmrouter mock provider";
  /** Shell tools of the coding CLIs, and the argument each takes its command in. */
  private static final Map<String, String> SHELL_TOOLS = Map.of(
      "bash", "{\"command\":\"echo llmrouter-mock\"}",                 // Claude Code, opencode
      "run_shell_command", "{\"command\":\"echo llmrouter-mock\"}",    // Gemini CLI
      "exec_command", "{\"cmd\":\"echo llmrouter-mock\"}",             // Codex CLI
      "shell", "{\"command\":[\"echo\",\"llmrouter-mock\"]}");         // older Codex CLI
  private static final int ECHO_LIMIT = 500;

  private final String name;
  private final WireFormat wireFormat;
  private final AdapterResources resources;
  private final AtomicLong ids = new AtomicLong();

  MockProviderAdapter(String name, WireFormat wireFormat, AdapterResources resources) {
    this.name = name;
    this.wireFormat = wireFormat;
    this.resources = resources;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public WireFormat wireFormat() {
    return wireFormat;
  }

  @Override
  public ChatResponse chat(ChatRequest request, CallOptions options) {
    return answer(request);
  }

  @Override
  public ChatStream stream(ChatRequest request, CallOptions options) {
    return new ListStream(events(answer(request)));
  }

  @Override
  public NativeResponse forward(ForwardRequest forward, CallOptions options) {
    WireCodec codec = resources.codec(wireFormat);
    ChatRequest request = forward.request();
    if (forward.operation() == NativeRequest.Operation.COUNT_TOKENS) {
      if (!(codec instanceof TokenCountCodec counting)) {
        throw LlmException.builder(ErrorKind.NOT_FOUND, wireFormat.id() + " has no token-counting endpoint")
            .provider(name).build();
      }
      return NativeResponse.whole(200, Map.of(),
          counting.encodeCountTokensResponse(TokenEstimator.estimateInput(request), false));
    }
    ChatResponse response = answer(request);
    if (!forward.stream()) {
      return NativeResponse.whole(200, Map.of(), codec.encodeResponse(response, request))
          .withUsage(response::usage);
    }
    return NativeResponse.stream(Map.of(), new EncodedBody(events(response), codec.newStreamEncoder(request)))
        .withUsage(response::usage);
  }

  @Override
  public OptionalLong countTokens(ChatRequest request, CallOptions options) {
    return OptionalLong.of(TokenEstimator.estimateInput(request));
  }

  ChatResponse answer(ChatRequest request) {
    String id = "mock-" + ids.incrementAndGet();
    List<ContentBlock> content = new ArrayList<>();
    StopReason stop = StopReason.of(StopReason.Kind.END_TURN);
    ToolResultBlock toolResult = lastToolResult(request);
    ResponseFormat format = request.settings().responseFormat();
    boolean json = format != null && format.type() != ResponseFormat.Type.TEXT;
    Tool tool = toolResult == null && !json ? toolToCall(request) : null;
    if (json) {
      content.add(TextBlock.of(SchemaExample.of(format.schema(), "This is the " + MARKER + ".")));
    } else if (toolResult != null) {
      content.add(TextBlock.of("This is the " + MARKER + ". The tool " + toolName(request, toolResult)
          + " returned: " + clip(toolResult.textContent())));
    } else if (tool != null) {
      content.add(TextBlock.of("This is the " + MARKER + ". Calling the tool " + tool.name()
          + " to exercise your tool loop."));
      content.add(ToolCallBlock.of("call_mock_" + id.substring(5), tool.name(), arguments(tool)));
      stop = StopReason.of(StopReason.Kind.TOOL_USE);
    } else {
      content.add(TextBlock.of("This is the " + MARKER + " (no real model is configured). You said: "
          + clip(lastUserText(request))));
    }
    long output = 0;
    for (ContentBlock block : content) {
      output += block instanceof TextBlock t ? t.text().length() : ((ToolCallBlock) block).arguments().length();
    }
    Usage usage = Usage.builder()
        .inputTokens(TokenEstimator.estimateInput(request))
        .outputTokens(Math.max(1, (output + 3) / 4))
        .build();
    return ChatResponse.builder()
        .id(id).model(request.model()).content(content).stopReason(stop).usage(usage).provider(name).build();
  }

  /** The tool result of the latest turn, when the latest turn (system turns aside) is one. */
  private static ToolResultBlock lastToolResult(ChatRequest request) {
    Message last = lastTurn(request);
    if (last == null || last.role() != Role.USER) {
      return null;
    }
    ToolResultBlock found = null;
    for (ContentBlock block : last.content()) {
      if (block instanceof ToolResultBlock result) {
        found = result;
      }
    }
    return found;
  }

  private static Message lastTurn(ChatRequest request) {
    List<Message> messages = request.messages();
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i).role() != Role.SYSTEM) {
        return messages.get(i);
      }
    }
    return null;
  }

  /** The last text block of the last user turn: clients put reminders first and the prompt last. */
  private static String lastUserText(ChatRequest request) {
    List<Message> messages = request.messages();
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i).role() == Role.USER) {
        List<ContentBlock> content = messages.get(i).content();
        for (int j = content.size() - 1; j >= 0; j--) {
          if (content.get(j) instanceof TextBlock text && !text.text().isBlank()) {
            return text.text();
          }
        }
      }
    }
    return "";
  }

  private static String toolName(ChatRequest request, ToolResultBlock result) {
    if (result.name() != null) {
      return result.name();
    }
    for (Message message : request.messages()) {
      for (ContentBlock block : message.content()) {
        if (block instanceof ToolCallBlock call && call.id().equals(result.toolCallId())) {
          return call.name();
        }
      }
    }
    return result.toolCallId();
  }

  /** A shell tool when offered (a harmless echo), else the first function tool; none when tools are off. */
  private static Tool toolToCall(ChatRequest request) {
    ToolChoice choice = request.toolChoice();
    if (choice != null && choice.mode() == ToolChoice.Mode.NONE) {
      return null;
    }
    Tool first = null;
    for (Tool tool : request.tools()) {
      if (choice != null && choice.mode() == ToolChoice.Mode.TOOL) {
        if (tool.name().equals(choice.toolName())) {
          return tool;
        }
      } else if (SHELL_TOOLS.containsKey(tool.name().toLowerCase(Locale.ROOT))) {
        return tool;
      } else if (first == null && tool.isFunction()) {
        first = tool;
      }
    }
    return first;
  }

  private static String arguments(Tool tool) {
    return SHELL_TOOLS.getOrDefault(tool.name().toLowerCase(Locale.ROOT), "{}");
  }

  private static String clip(String text) {
    String oneLine = text.strip();
    return oneLine.length() <= ECHO_LIMIT ? oneLine : oneLine.substring(0, ECHO_LIMIT) + "…";
  }

  /** The answer as the canonical event grammar, text in a few deltas so that clients see it stream. */
  static List<StreamEvent> events(ChatResponse response) {
    List<StreamEvent> events = new ArrayList<>();
    events.add(new StreamEvent.MessageStart(response.id(), response.model(),
        Usage.builder().inputTokens(response.usage().inputTokens()).build()));
    int index = 0;
    for (ContentBlock block : response.content()) {
      if (block instanceof TextBlock text) {
        events.add(new StreamEvent.BlockStart(index, TextBlock.of("")));
        for (String piece : pieces(text.text())) {
          events.add(new StreamEvent.TextDelta(index, piece));
        }
      } else if (block instanceof ToolCallBlock call) {
        events.add(new StreamEvent.BlockStart(index, ToolCallBlock.of(call.id(), call.name(), "")));
        events.add(new StreamEvent.ToolArgumentsDelta(index, call.arguments()));
      }
      events.add(new StreamEvent.BlockStop(index));
      index++;
    }
    events.add(new StreamEvent.UsageUpdate(response.usage()));
    events.add(new StreamEvent.MessageDelta(response.stopReason(), null));
    events.add(new StreamEvent.MessageStop());
    return events;
  }

  private static List<String> pieces(String text) {
    List<String> pieces = new ArrayList<>();
    int size = Math.max(1, text.length() / 4);
    int start = 0;
    while (start < text.length()) {
      int end = Math.min(text.length(), start + size);
      int space = text.indexOf(' ', end);
      end = space < 0 || space - end > 16 ? end : space + 1;
      pieces.add(text.substring(start, end));
      start = end;
    }
    return pieces;
  }

  private static final class ListStream implements ChatStream {
    private final List<StreamEvent> events;
    private final AtomicBoolean iterated = new AtomicBoolean();

    ListStream(List<StreamEvent> events) {
      this.events = events;
    }

    @Override
    public Iterator<StreamEvent> iterator() {
      if (!iterated.compareAndSet(false, true)) {
        throw new IllegalStateException("a stream can be iterated once");
      }
      return events.iterator();
    }

    @Override
    public void close() {}
  }

  /** The events encoded in the client's format, one chunk per event that wrote something. */
  private static final class EncodedBody implements NativeResponse.BodyStream {
    private final List<StreamEvent> events;
    private final StreamEncoder encoder;

    EncodedBody(List<StreamEvent> events, StreamEncoder encoder) {
      this.events = events;
      this.encoder = encoder;
    }

    @Override
    public Iterator<byte[]> iterator() {
      List<byte[]> chunks = new ArrayList<>();
      for (StreamEvent event : events) {
        StringBuilder chunk = new StringBuilder();
        encoder.encode(event, sse -> chunk.append(sse.toWireText()));
        if (chunk.length() > 0) {
          chunks.add(chunk.toString().getBytes(StandardCharsets.UTF_8));
        }
      }
      return chunks.iterator();
    }

    @Override
    public void close() {}
  }

  @Override
  public String toString() {
    return "MockProviderAdapter{" + name + "}";
  }
}
