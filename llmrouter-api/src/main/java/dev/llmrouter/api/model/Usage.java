package dev.llmrouter.api.model;

import java.util.Objects;

/**
 * Token usage in canonical terms, which follow Anthropic's inclusion rules:
 *
 * <ul>
 *   <li>{@link #inputTokens()} is the <em>uncached</em> input; the total input is {@link #totalInputTokens()}
 *       = input + cache read + cache write (OpenAI's {@code prompt_tokens}, Gemini's {@code promptTokenCount});
 *   <li>{@link #outputTokens()} includes {@link #reasoningTokens()} (OpenAI's {@code completion_tokens};
 *       Gemini's {@code candidatesTokenCount + thoughtsTokenCount}).
 * </ul>
 *
 * <p>{@link #estimated()} is true when some number was estimated by the router because the upstream
 * did not report it (e.g. the input side of an Anthropic {@code message_start} translated from a
 * protocol that reports usage only at the end).
 */
public final class Usage {
  /** No tokens. */
  public static final Usage ZERO = builder().build();

  private final long inputTokens;
  private final long outputTokens;
  private final long cacheReadTokens;
  private final long cacheWriteTokens;
  private final long reasoningTokens;
  private final boolean estimated;

  private Usage(Builder b) {
    this.inputTokens = b.inputTokens;
    this.outputTokens = b.outputTokens;
    this.cacheReadTokens = b.cacheReadTokens;
    this.cacheWriteTokens = b.cacheWriteTokens;
    this.reasoningTokens = b.reasoningTokens;
    this.estimated = b.estimated;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .inputTokens(inputTokens)
        .outputTokens(outputTokens)
        .cacheReadTokens(cacheReadTokens)
        .cacheWriteTokens(cacheWriteTokens)
        .reasoningTokens(reasoningTokens)
        .estimated(estimated);
  }

  /** Uncached input tokens. */
  public long inputTokens() {
    return inputTokens;
  }

  /** Output tokens, reasoning included. */
  public long outputTokens() {
    return outputTokens;
  }

  public long cacheReadTokens() {
    return cacheReadTokens;
  }

  public long cacheWriteTokens() {
    return cacheWriteTokens;
  }

  /** Reasoning tokens, a part of {@link #outputTokens()}. */
  public long reasoningTokens() {
    return reasoningTokens;
  }

  public boolean estimated() {
    return estimated;
  }

  /** The tokens of {@code characters} of text, estimated at about four characters a token. */
  public static long estimateTokens(long characters) {
    return (characters + 3) / 4;
  }

  /**
   * This usage for a stream that stopped after delivering {@code characters} of output (text, tool
   * arguments, reasoning): most upstreams report output tokens only at the end, so the output is at
   * least the estimate for what was delivered, flagged {@linkplain #estimated() estimated} when the
   * estimate is used.
   */
  public Usage atLeastDelivered(long characters) {
    long estimate = estimateTokens(characters);
    return outputTokens >= estimate ? this : toBuilder().outputTokens(estimate).estimated(true).build();
  }

  /** Input + cache read + cache write. */
  public long totalInputTokens() {
    return inputTokens + cacheReadTokens + cacheWriteTokens;
  }

  public long totalTokens() {
    return totalInputTokens() + outputTokens;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Usage u
        && inputTokens == u.inputTokens
        && outputTokens == u.outputTokens
        && cacheReadTokens == u.cacheReadTokens
        && cacheWriteTokens == u.cacheWriteTokens
        && reasoningTokens == u.reasoningTokens
        && estimated == u.estimated;
  }

  @Override
  public int hashCode() {
    return Objects.hash(inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, reasoningTokens, estimated);
  }

  @Override
  public String toString() {
    return "Usage{input=" + inputTokens + ", output=" + outputTokens + ", cacheRead=" + cacheReadTokens
        + ", cacheWrite=" + cacheWriteTokens + ", reasoning=" + reasoningTokens
        + (estimated ? ", estimated" : "") + "}";
  }

  public static final class Builder {
    private long inputTokens;
    private long outputTokens;
    private long cacheReadTokens;
    private long cacheWriteTokens;
    private long reasoningTokens;
    private boolean estimated;

    private Builder() {}

    public Builder inputTokens(long value) {
      this.inputTokens = requireNonNegative(value, "inputTokens");
      return this;
    }

    public Builder outputTokens(long value) {
      this.outputTokens = requireNonNegative(value, "outputTokens");
      return this;
    }

    public Builder cacheReadTokens(long value) {
      this.cacheReadTokens = requireNonNegative(value, "cacheReadTokens");
      return this;
    }

    public Builder cacheWriteTokens(long value) {
      this.cacheWriteTokens = requireNonNegative(value, "cacheWriteTokens");
      return this;
    }

    public Builder reasoningTokens(long value) {
      this.reasoningTokens = requireNonNegative(value, "reasoningTokens");
      return this;
    }

    public Builder estimated(boolean value) {
      this.estimated = value;
      return this;
    }

    public Usage build() {
      return new Usage(this);
    }

    private static long requireNonNegative(long value, String name) {
      if (value < 0) {
        throw new IllegalArgumentException(name + " must not be negative: " + value);
      }
      return value;
    }
  }
}
