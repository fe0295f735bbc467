package dev.llmrouter.api.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to generate: limits, sampling, stop sequences, structured output, reasoning, end-user and
 * service tier. Every field is optional ({@code null} or empty means "not set, provider default").
 */
public final class GenerationSettings {
  /** Nothing set. */
  public static final GenerationSettings DEFAULTS = builder().build();

  private final Integer maxTokens;
  private final Double temperature;
  private final Double topP;
  private final Integer topK;
  private final List<String> stopSequences;
  private final Long seed;
  private final Double presencePenalty;
  private final Double frequencyPenalty;
  private final Boolean parallelToolCalls;
  private final ResponseFormat responseFormat;
  private final ReasoningConfig reasoning;
  private final String user;
  private final Map<String, String> metadata;
  private final String serviceTier;

  private GenerationSettings(Builder b) {
    this.maxTokens = b.maxTokens;
    this.temperature = b.temperature;
    this.topP = b.topP;
    this.topK = b.topK;
    this.stopSequences = List.copyOf(b.stopSequences);
    this.seed = b.seed;
    this.presencePenalty = b.presencePenalty;
    this.frequencyPenalty = b.frequencyPenalty;
    this.parallelToolCalls = b.parallelToolCalls;
    this.responseFormat = b.responseFormat;
    this.reasoning = b.reasoning;
    this.user = b.user;
    this.metadata = Map.copyOf(b.metadata);
    this.serviceTier = b.serviceTier;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.maxTokens = maxTokens;
    b.temperature = temperature;
    b.topP = topP;
    b.topK = topK;
    b.stopSequences = stopSequences;
    b.seed = seed;
    b.presencePenalty = presencePenalty;
    b.frequencyPenalty = frequencyPenalty;
    b.parallelToolCalls = parallelToolCalls;
    b.responseFormat = responseFormat;
    b.reasoning = reasoning;
    b.user = user;
    b.metadata = new LinkedHashMap<>(metadata);
    b.serviceTier = serviceTier;
    return b;
  }

  /** Maximum output tokens (Anthropic {@code max_tokens}, OpenAI {@code max_completion_tokens}…). */
  public Integer maxTokens() {
    return maxTokens;
  }

  public Double temperature() {
    return temperature;
  }

  public Double topP() {
    return topP;
  }

  public Integer topK() {
    return topK;
  }

  public List<String> stopSequences() {
    return stopSequences;
  }

  public Long seed() {
    return seed;
  }

  public Double presencePenalty() {
    return presencePenalty;
  }

  public Double frequencyPenalty() {
    return frequencyPenalty;
  }

  /** {@code false} forbids parallel tool calls (Anthropic {@code disable_parallel_tool_use}). */
  public Boolean parallelToolCalls() {
    return parallelToolCalls;
  }

  public ResponseFormat responseFormat() {
    return responseFormat;
  }

  public ReasoningConfig reasoning() {
    return reasoning;
  }

  /** End-user id (Anthropic {@code metadata.user_id}, OpenAI {@code user}). */
  public String user() {
    return user;
  }

  /** Free-form string metadata (OpenAI {@code metadata}). */
  public Map<String, String> metadata() {
    return metadata;
  }

  public String serviceTier() {
    return serviceTier;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GenerationSettings g
        && Objects.equals(maxTokens, g.maxTokens)
        && Objects.equals(temperature, g.temperature)
        && Objects.equals(topP, g.topP)
        && Objects.equals(topK, g.topK)
        && stopSequences.equals(g.stopSequences)
        && Objects.equals(seed, g.seed)
        && Objects.equals(presencePenalty, g.presencePenalty)
        && Objects.equals(frequencyPenalty, g.frequencyPenalty)
        && Objects.equals(parallelToolCalls, g.parallelToolCalls)
        && Objects.equals(responseFormat, g.responseFormat)
        && Objects.equals(reasoning, g.reasoning)
        && Objects.equals(user, g.user)
        && metadata.equals(g.metadata)
        && Objects.equals(serviceTier, g.serviceTier);
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxTokens, temperature, topP, topK, stopSequences, seed, responseFormat, reasoning, user);
  }

  @Override
  public String toString() {
    return "GenerationSettings{maxTokens=" + maxTokens + ", temperature=" + temperature + ", topP=" + topP
        + ", topK=" + topK + ", stop=" + stopSequences + ", reasoning=" + reasoning + "}";
  }

  public static final class Builder {
    private Integer maxTokens;
    private Double temperature;
    private Double topP;
    private Integer topK;
    private List<String> stopSequences = List.of();
    private Long seed;
    private Double presencePenalty;
    private Double frequencyPenalty;
    private Boolean parallelToolCalls;
    private ResponseFormat responseFormat;
    private ReasoningConfig reasoning;
    private String user;
    private Map<String, String> metadata = new LinkedHashMap<>();
    private String serviceTier;

    private Builder() {}

    public Builder maxTokens(Integer value) {
      if (value != null && value < 0) {
        throw new IllegalArgumentException("maxTokens must not be negative: " + value);
      }
      this.maxTokens = value;
      return this;
    }

    public Builder temperature(Double value) {
      this.temperature = value;
      return this;
    }

    public Builder topP(Double value) {
      this.topP = value;
      return this;
    }

    public Builder topK(Integer value) {
      this.topK = value;
      return this;
    }

    public Builder stopSequences(List<String> value) {
      this.stopSequences = value == null ? List.of() : List.copyOf(value);
      return this;
    }

    public Builder seed(Long value) {
      this.seed = value;
      return this;
    }

    public Builder presencePenalty(Double value) {
      this.presencePenalty = value;
      return this;
    }

    public Builder frequencyPenalty(Double value) {
      this.frequencyPenalty = value;
      return this;
    }

    public Builder parallelToolCalls(Boolean value) {
      this.parallelToolCalls = value;
      return this;
    }

    public Builder responseFormat(ResponseFormat value) {
      this.responseFormat = value;
      return this;
    }

    public Builder reasoning(ReasoningConfig value) {
      this.reasoning = value;
      return this;
    }

    public Builder user(String value) {
      this.user = value;
      return this;
    }

    public Builder metadata(Map<String, String> value) {
      this.metadata = value == null ? new LinkedHashMap<>() : new LinkedHashMap<>(value);
      return this;
    }

    public Builder putMetadata(String key, String value) {
      this.metadata.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    public Builder serviceTier(String value) {
      this.serviceTier = value;
      return this;
    }

    public GenerationSettings build() {
      return new GenerationSettings(this);
    }
  }
}
