package dev.llmrouter.api.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A complete answer in canonical form. */
public final class ChatResponse {
  private final String id;
  private final String model;
  private final List<ContentBlock> content;
  private final StopReason stopReason;
  private final String stopSequence;
  private final Usage usage;
  private final String provider;
  private final ProviderFields extras;
  private final boolean cacheHit;

  private ChatResponse(Builder b) {
    this.id = b.id;
    this.model = b.model;
    this.content = List.copyOf(b.content);
    this.stopReason = b.stopReason;
    this.stopSequence = b.stopSequence;
    this.usage = b.usage;
    this.provider = b.provider;
    this.extras = b.extras;
    this.cacheHit = b.cacheHit;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.id = id;
    b.model = model;
    b.content = new ArrayList<>(content);
    b.stopReason = stopReason;
    b.stopSequence = stopSequence;
    b.usage = usage;
    b.provider = provider;
    b.extras = extras;
    b.cacheHit = cacheHit;
    return b;
  }

  /** The upstream's response id (optional). */
  public String id() {
    return id;
  }

  /** The model that answered, as the upstream named it (optional). */
  public String model() {
    return model;
  }

  public List<ContentBlock> content() {
    return content;
  }

  public StopReason stopReason() {
    return stopReason;
  }

  /** The stop sequence that matched, when the provider says (Anthropic only). */
  public String stopSequence() {
    return stopSequence;
  }

  public Usage usage() {
    return usage;
  }

  /** The provider (as configured in the router) that produced the answer; optional. */
  public String provider() {
    return provider;
  }

  public ProviderFields extras() {
    return extras;
  }

  /**
   * Whether the router answered from its response cache instead of calling a provider; {@link #usage()}
   * is then the usage of the call that filled the cache, which this answer did not spend again.
   */
  public boolean cacheHit() {
    return cacheHit;
  }

  /** All text blocks joined. */
  public String text() {
    StringBuilder sb = new StringBuilder();
    for (ContentBlock block : content) {
      if (block instanceof TextBlock t) {
        sb.append(t.text());
      }
    }
    return sb.toString();
  }

  /** The tool calls, in order. */
  public List<ToolCallBlock> toolCalls() {
    List<ToolCallBlock> calls = new ArrayList<>();
    for (ContentBlock block : content) {
      if (block instanceof ToolCallBlock c) {
        calls.add(c);
      }
    }
    return calls;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChatResponse r
        && Objects.equals(id, r.id)
        && Objects.equals(model, r.model)
        && content.equals(r.content)
        && Objects.equals(stopReason, r.stopReason)
        && Objects.equals(stopSequence, r.stopSequence)
        && usage.equals(r.usage)
        && Objects.equals(provider, r.provider)
        && extras.equals(r.extras)
        && cacheHit == r.cacheHit;
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, model, content, stopReason, usage);
  }

  @Override
  public String toString() {
    return "ChatResponse{id=" + id + ", model=" + model + ", blocks=" + content.size() + ", stop=" + stopReason
        + ", " + usage + (cacheHit ? ", cache hit" : "") + "}";
  }

  public static final class Builder {
    private String id;
    private String model;
    private List<ContentBlock> content = new ArrayList<>();
    private StopReason stopReason = StopReason.of(StopReason.Kind.END_TURN);
    private String stopSequence;
    private Usage usage = Usage.ZERO;
    private String provider;
    private ProviderFields extras = ProviderFields.EMPTY;
    private boolean cacheHit;

    private Builder() {}

    public Builder id(String value) {
      this.id = value;
      return this;
    }

    public Builder model(String value) {
      this.model = value;
      return this;
    }

    public Builder content(List<? extends ContentBlock> value) {
      this.content = new ArrayList<>(value);
      return this;
    }

    public Builder addContent(ContentBlock block) {
      this.content.add(Objects.requireNonNull(block, "block"));
      return this;
    }

    public Builder stopReason(StopReason value) {
      this.stopReason = Objects.requireNonNull(value, "stopReason");
      return this;
    }

    public Builder stopSequence(String value) {
      this.stopSequence = value;
      return this;
    }

    public Builder usage(Usage value) {
      this.usage = Objects.requireNonNull(value, "usage");
      return this;
    }

    public Builder provider(String value) {
      this.provider = value;
      return this;
    }

    public Builder extras(ProviderFields value) {
      this.extras = value == null ? ProviderFields.EMPTY : value;
      return this;
    }

    public Builder cacheHit(boolean value) {
      this.cacheHit = value;
      return this;
    }

    public ChatResponse build() {
      return new ChatResponse(this);
    }
  }
}
