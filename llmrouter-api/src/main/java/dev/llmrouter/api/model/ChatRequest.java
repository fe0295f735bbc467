package dev.llmrouter.api.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A request in canonical form: a superset of the four wire protocols.
 *
 * <pre>{@code
 * ChatRequest request = ChatRequest.builder()
 *     .model("smart")
 *     .addSystem("You are terse.")
 *     .addMessage(Message.user("Summarise this diff"))
 *     .maxTokens(512)
 *     .build();
 * }</pre>
 */
public final class ChatRequest {
  private final String model;
  private final List<TextBlock> system;
  private final List<Message> messages;
  private final List<Tool> tools;
  private final ToolChoice toolChoice;
  private final GenerationSettings settings;
  private final boolean stream;
  private final ProviderFields extras;

  private ChatRequest(Builder b) {
    this.model = b.model;
    this.system = List.copyOf(b.system);
    this.messages = List.copyOf(b.messages);
    this.tools = List.copyOf(b.tools);
    this.toolChoice = b.toolChoice;
    this.settings = b.settings;
    this.stream = b.stream;
    this.extras = b.extras;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.model = model;
    b.system = new ArrayList<>(system);
    b.messages = new ArrayList<>(messages);
    b.tools = new ArrayList<>(tools);
    b.toolChoice = toolChoice;
    b.settings = settings;
    b.stream = stream;
    b.extras = extras;
    return b;
  }

  /** The model name the caller asked for; the router resolves it to a deployment. */
  public String model() {
    return model;
  }

  /** System prompt blocks, in order (kept as blocks: some carry cache-control markers). */
  public List<TextBlock> system() {
    return system;
  }

  public List<Message> messages() {
    return messages;
  }

  public List<Tool> tools() {
    return tools;
  }

  /** Optional. */
  public ToolChoice toolChoice() {
    return toolChoice;
  }

  public GenerationSettings settings() {
    return settings;
  }

  /** Whether the client asked for a stream (set by codecs decoding a native request). */
  public boolean stream() {
    return stream;
  }

  /** Unmapped top-level request fields. */
  public ProviderFields extras() {
    return extras;
  }

  /** The system blocks' text joined by blank lines, for protocols that take one string. */
  public String systemText() {
    StringBuilder sb = new StringBuilder();
    for (TextBlock block : system) {
      if (sb.length() > 0) {
        sb.append("\n\n");
      }
      sb.append(block.text());
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChatRequest r
        && Objects.equals(model, r.model)
        && system.equals(r.system)
        && messages.equals(r.messages)
        && tools.equals(r.tools)
        && Objects.equals(toolChoice, r.toolChoice)
        && settings.equals(r.settings)
        && stream == r.stream
        && extras.equals(r.extras);
  }

  @Override
  public int hashCode() {
    return Objects.hash(model, system, messages, tools, toolChoice, settings, stream, extras);
  }

  /** Shows the shape, never the content (prompts may hold personal data). */
  @Override
  public String toString() {
    return "ChatRequest{model=" + model + ", system=" + system.size() + " blocks, messages=" + messages.size()
        + ", tools=" + tools.size() + ", stream=" + stream + ", " + settings + "}";
  }

  public static final class Builder {
    private String model;
    private List<TextBlock> system = new ArrayList<>();
    private List<Message> messages = new ArrayList<>();
    private List<Tool> tools = new ArrayList<>();
    private ToolChoice toolChoice;
    private GenerationSettings settings = GenerationSettings.DEFAULTS;
    private boolean stream;
    private ProviderFields extras = ProviderFields.EMPTY;

    private Builder() {}

    public Builder model(String value) {
      this.model = value;
      return this;
    }

    public Builder system(List<TextBlock> blocks) {
      this.system = new ArrayList<>(blocks);
      return this;
    }

    public Builder addSystem(String text) {
      this.system.add(TextBlock.of(text));
      return this;
    }

    public Builder addSystem(TextBlock block) {
      this.system.add(Objects.requireNonNull(block, "block"));
      return this;
    }

    public Builder messages(List<Message> value) {
      this.messages = new ArrayList<>(value);
      return this;
    }

    public Builder addMessage(Message message) {
      this.messages.add(Objects.requireNonNull(message, "message"));
      return this;
    }

    public Builder tools(List<Tool> value) {
      this.tools = new ArrayList<>(value);
      return this;
    }

    public Builder addTool(Tool tool) {
      this.tools.add(Objects.requireNonNull(tool, "tool"));
      return this;
    }

    public Builder toolChoice(ToolChoice value) {
      this.toolChoice = value;
      return this;
    }

    public Builder settings(GenerationSettings value) {
      this.settings = Objects.requireNonNull(value, "settings");
      return this;
    }

    /** Shortcut for {@code settings(settings().toBuilder().maxTokens(n).build())}. */
    public Builder maxTokens(Integer value) {
      this.settings = settings.toBuilder().maxTokens(value).build();
      return this;
    }

    /** Shortcut for the temperature setting. */
    public Builder temperature(Double value) {
      this.settings = settings.toBuilder().temperature(value).build();
      return this;
    }

    public Builder stream(boolean value) {
      this.stream = value;
      return this;
    }

    public Builder extras(ProviderFields value) {
      this.extras = value == null ? ProviderFields.EMPTY : value;
      return this;
    }

    /**
     * @throws IllegalStateException when the model is missing
     */
    public ChatRequest build() {
      if (model == null || model.isBlank()) {
        throw new IllegalStateException("a request needs a model");
      }
      return new ChatRequest(this);
    }
  }
}
