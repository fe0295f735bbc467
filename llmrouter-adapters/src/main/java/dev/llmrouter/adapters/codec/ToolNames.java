package dev.llmrouter.adapters.codec;

import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.ContentBlock;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.api.model.Tool;
import dev.llmrouter.api.model.ToolCallBlock;
import dev.llmrouter.api.model.ToolChoice;
import dev.llmrouter.api.model.ToolResultBlock;
import dev.llmrouter.api.spi.StreamEncoder;
import dev.llmrouter.api.stream.StreamEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Tool names as each target accepts them (protocols README §8.0 "Tool names", P12): a pure rewrite of
 * the names a target would reject, undone on the way back to the client.
 *
 * <ul>
 *   <li>OpenAI (Chat and Responses): {@code ^[a-zA-Z0-9_-]{1,64}$};
 *   <li>Anthropic: {@code ^[a-zA-Z0-9_-]{1,128}$};
 *   <li>Gemini: a letter or {@code _} first, then letters, digits, {@code _ . : -}, at most 128.
 * </ul>
 *
 * A name the target accepts is never changed. Any other becomes its allowed characters (others
 * replaced by {@code _}), cut to leave room for {@code _} and 8 hex digits of a hash of the whole
 * name, so that two names never meet and the same name always maps the same way, in every request
 * of a conversation. Each codec's {@code encodeRequest} applies {@link #forTarget(WireFormat,
 * ChatRequest)}; each server-side encoder, which has the client's own request, maps the names of
 * the calls it writes back with {@link #restorer(ChatRequest)}.
 */
public final class ToolNames {
  private static final int HASH_CHARS = 8;

  private final Map<String, String> original;

  private ToolNames(Map<String, String> original) {
    this.original = original;
  }

  /** The name {@code target} accepts for {@code name}: {@code name} itself when it is already valid there. */
  public static String forTarget(WireFormat target, String name) {
    Rule rule = Rule.of(target);
    return rule.accepts(name) ? name : rule.rewrite(name);
  }

  /**
   * The request with every tool name {@code target} would reject rewritten: in tools, the tool choice,
   * the calls of the history and the results that name their tool. The same instance when nothing
   * needs a rewrite.
   */
  public static ChatRequest forTarget(WireFormat target, ChatRequest request) {
    Rule rule = Rule.of(target);
    if (!needsRewrite(rule, request)) {
      return request;
    }
    UnaryOperator<String> rename = name -> name == null || rule.accepts(name) ? name : rule.rewrite(name);
    List<Tool> tools = new ArrayList<>(request.tools().size());
    for (Tool t : request.tools()) {
      tools.add(new Tool(t.type(), rename.apply(t.name()), t.description(), t.inputSchema(), t.strict(),
          t.cacheControl(), t.extras()));
    }
    List<Message> messages = new ArrayList<>(request.messages().size());
    for (Message message : request.messages()) {
      List<ContentBlock> content = new ArrayList<>(message.content().size());
      for (ContentBlock block : message.content()) {
        content.add(renamed(block, rename));
      }
      messages.add(new Message(message.role(), content, message.extras()));
    }
    ToolChoice choice = request.toolChoice();
    if (choice != null && choice.mode() == ToolChoice.Mode.TOOL) {
      choice = ToolChoice.tool(rename.apply(choice.toolName()));
    }
    return request.toBuilder().tools(tools).messages(messages).toolChoice(choice).build();
  }

  private static boolean needsRewrite(Rule rule, ChatRequest request) {
    for (Tool tool : request.tools()) {
      if (!rule.accepts(tool.name())) {
        return true;
      }
    }
    for (Message message : request.messages()) {
      for (ContentBlock block : message.content()) {
        if (block instanceof ToolCallBlock call && !rule.accepts(call.name())
            || block instanceof ToolResultBlock result && result.name() != null && !rule.accepts(result.name())) {
          return true;
        }
      }
    }
    return false;
  }

  private static ContentBlock renamed(ContentBlock block, UnaryOperator<String> rename) {
    if (block instanceof ToolCallBlock c) {
      return new ToolCallBlock(c.id(), rename.apply(c.name()), c.arguments(), c.cacheControl(), c.extras());
    }
    if (block instanceof ToolResultBlock r) {
      return new ToolResultBlock(r.toolCallId(), rename.apply(r.name()), r.content(), r.isError(), r.cacheControl(),
          r.extras());
    }
    return block;
  }

  /**
   * Undoes, for the client that sent {@code clientRequest}, whatever rewrite any target applied to the
   * names of its tools. A name that is one of the client's own tool names is never changed.
   */
  public static ToolNames restorer(ChatRequest clientRequest) {
    Map<String, String> original = new HashMap<>();
    if (clientRequest == null) {
      return new ToolNames(original);
    }
    Set<String> own = new HashSet<>();
    for (Tool tool : clientRequest.tools()) {
      own.add(tool.name());
    }
    for (Tool tool : clientRequest.tools()) {
      for (Rule rule : Rule.values()) {
        if (!rule.accepts(tool.name()) && !own.contains(rule.rewrite(tool.name()))) {
          original.put(rule.rewrite(tool.name()), tool.name());
        }
      }
    }
    return new ToolNames(original);
  }

  /** Whether some name of the client's tools may come back rewritten. */
  public boolean isIdentity() {
    return original.isEmpty();
  }

  /** The client's name for a name an upstream used. */
  public String restore(String name) {
    return original.getOrDefault(name, name);
  }

  /** The response with the client's names on its calls. */
  public ChatResponse restore(ChatResponse response) {
    if (isIdentity()) {
      return response;
    }
    List<ContentBlock> content = new ArrayList<>(response.content().size());
    for (ContentBlock block : response.content()) {
      content.add(block instanceof ToolCallBlock ? renamed(block, this::restore) : block);
    }
    return response.toBuilder().content(content).build();
  }

  /** The event with the client's names on the call it starts. */
  public StreamEvent restore(StreamEvent event) {
    if (!isIdentity() && event instanceof StreamEvent.BlockStart start && start.block() instanceof ToolCallBlock) {
      return new StreamEvent.BlockStart(start.index(), renamed(start.block(), this::restore));
    }
    return event;
  }

  /** {@code encoder} fed with the client's names; {@code encoder} itself when no name can come back rewritten. */
  public static StreamEncoder restoring(ChatRequest clientRequest, StreamEncoder encoder) {
    ToolNames names = restorer(clientRequest);
    if (names.isIdentity()) {
      return encoder;
    }
    return (event, out) -> encoder.encode(names.restore(event), out);
  }

  /** The name rules of the targets. */
  private enum Rule {
    OPENAI(64, false),
    ANTHROPIC(128, false),
    GEMINI(128, true);

    private final int maxLength;
    private final boolean dotsAndColons;

    Rule(int maxLength, boolean dotsAndColons) {
      this.maxLength = maxLength;
      this.dotsAndColons = dotsAndColons;
    }

    static Rule of(WireFormat target) {
      switch (target) {
        case ANTHROPIC_MESSAGES:
          return ANTHROPIC;
        case GEMINI:
          return GEMINI;
        default:
          return OPENAI;
      }
    }

    boolean accepts(String name) {
      if (name.isEmpty() || name.length() > maxLength || dotsAndColons && !startsWell(name.charAt(0))) {
        return false;
      }
      for (int i = 0; i < name.length(); i++) {
        if (!allowed(name.charAt(i))) {
          return false;
        }
      }
      return true;
    }

    String rewrite(String name) {
      StringBuilder sb = new StringBuilder(maxLength);
      if (dotsAndColons && (name.isEmpty() || !startsWell(name.charAt(0)))) {
        sb.append('_');
      }
      int room = maxLength - HASH_CHARS - 1;
      for (int i = 0; i < name.length() && sb.length() < room; i++) {
        char c = name.charAt(i);
        sb.append(allowed(c) ? c : '_');
      }
      return sb.append('_').append(ToolIds.hash(name, HASH_CHARS)).toString();
    }

    private boolean allowed(char c) {
      return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
          || dotsAndColons && (c == '.' || c == ':');
    }

    private static boolean startsWell(char c) {
      return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
    }
  }
}
