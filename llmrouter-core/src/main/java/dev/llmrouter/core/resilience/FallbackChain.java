package dev.llmrouter.core.resilience;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where a call goes when a model group cannot answer: an ordered list of other models (group names,
 * aliases or {@code provider/model}, so across providers and wire formats), plus dedicated targets for
 * the two errors that belong to the request but that another model may still serve.
 *
 * <pre>{@code
 * FallbackChain.builder()
 *     .then("cheap")                              // tried in order once "smart" gave up
 *     .then("openai/gpt-5.4-mini")
 *     .onContextWindowExceeded("long-context")   // only for that error
 *     .build();
 * }</pre>
 *
 * <p>The ordered list is walked for failures that say nothing about the request (rate limits,
 * overload, 5xx, timeouts, broken connections, refused keys). An error of the request's own (400,
 * 404, 413, 422) never walks it. A context-window or content-policy error goes to its dedicated
 * target when there is one, and to the caller otherwise.
 */
public final class FallbackChain {
  /** No fallback. */
  public static final FallbackChain NONE = builder().build();

  private final List<String> models;
  private final String contextWindowFallback;
  private final String contentPolicyFallback;

  private FallbackChain(Builder b) {
    this.models = List.copyOf(b.models);
    this.contextWindowFallback = b.contextWindowFallback;
    this.contentPolicyFallback = b.contentPolicyFallback;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A chain of ordered fallbacks only. */
  public static FallbackChain of(String... models) {
    Builder b = builder();
    for (String model : models) {
      b.then(model);
    }
    return b.build();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.models.addAll(models);
    b.contextWindowFallback = contextWindowFallback;
    b.contentPolicyFallback = contentPolicyFallback;
    return b;
  }

  /** The ordered fallbacks. */
  public List<String> models() {
    return models;
  }

  /** The model for prompts too long for the group, or {@code null}. */
  public String contextWindowFallback() {
    return contextWindowFallback;
  }

  /** The model for requests the group's provider refuses on content policy, or {@code null}. */
  public String contentPolicyFallback() {
    return contentPolicyFallback;
  }

  /** Every model this chain may send a call to. */
  public List<String> targets() {
    List<String> all = new ArrayList<>(models);
    if (contextWindowFallback != null) {
      all.add(contextWindowFallback);
    }
    if (contentPolicyFallback != null) {
      all.add(contentPolicyFallback);
    }
    return all;
  }

  public boolean isEmpty() {
    return models.isEmpty() && contextWindowFallback == null && contentPolicyFallback == null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FallbackChain f
        && models.equals(f.models)
        && Objects.equals(contextWindowFallback, f.contextWindowFallback)
        && Objects.equals(contentPolicyFallback, f.contentPolicyFallback);
  }

  @Override
  public int hashCode() {
    return Objects.hash(models, contextWindowFallback, contentPolicyFallback);
  }

  @Override
  public String toString() {
    return "FallbackChain{" + models
        + (contextWindowFallback == null ? "" : ", contextWindow=" + contextWindowFallback)
        + (contentPolicyFallback == null ? "" : ", contentPolicy=" + contentPolicyFallback) + "}";
  }

  public static final class Builder {
    private final List<String> models = new ArrayList<>();
    private String contextWindowFallback;
    private String contentPolicyFallback;

    private Builder() {}

    /** Appends a fallback model (group name, alias or {@code provider/model}). */
    public Builder then(String model) {
      String name = requireText(model, "fallback model");
      if (models.contains(name)) {
        throw new IllegalArgumentException("'" + name + "' is already in the fallback chain");
      }
      models.add(name);
      return this;
    }

    public Builder onContextWindowExceeded(String model) {
      this.contextWindowFallback = requireText(model, "context-window fallback");
      return this;
    }

    public Builder onContentPolicy(String model) {
      this.contentPolicyFallback = requireText(model, "content-policy fallback");
      return this;
    }

    public FallbackChain build() {
      return new FallbackChain(this);
    }

    private static String requireText(String value, String what) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(what + " must not be blank");
      }
      return value;
    }
  }
}
