package dev.llmrouter.core;

import dev.llmrouter.api.spi.SelectionStrategy;
import dev.llmrouter.core.resilience.FallbackChain;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A model name callers can ask for, served by one or more deployments, with the chain to fall back on
 * when none of them answers.
 *
 * <pre>{@code
 * ModelGroup.builder("smart")
 *     .deployment("anthropic", "claude-sonnet-4-5", 3)        // provider, upstream model, weight
 *     .deployment("openai", "gpt-5.4", 1)
 *     .fallbackTo("cheap", "gemini/gemini-2.5-flash")
 *     .build();
 * }</pre>
 */
public final class ModelGroup {
  private final String name;
  private final List<Deployment> deployments;
  private final FallbackChain fallbacks;
  private final SelectionStrategy selection;

  private ModelGroup(Builder b) {
    this.name = b.name;
    this.deployments = List.copyOf(b.deployments);
    this.fallbacks = b.fallbacks;
    this.selection = b.selection;
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** A group of one deployment, without fallbacks. */
  static ModelGroup single(String name, Deployment deployment) {
    return builder(name).deployment(deployment).build();
  }

  public String name() {
    return name;
  }

  public List<Deployment> deployments() {
    return deployments;
  }

  public FallbackChain fallbacks() {
    return fallbacks;
  }

  /** The group's own selection strategy, or {@code null} for the router's. */
  public SelectionStrategy selection() {
    return selection;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelGroup g
        && name.equals(g.name)
        && deployments.equals(g.deployments)
        && fallbacks.equals(g.fallbacks)
        && Objects.equals(selection, g.selection);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, deployments, fallbacks);
  }

  /**
   * This group as it serves {@code requestedModel}: deployments asking for
   * {@link Deployment#REQUESTED_MODEL} ask for that name.
   */
  ModelGroup forRequestedModel(String requestedModel) {
    List<Deployment> concrete = new ArrayList<>();
    for (Deployment deployment : deployments) {
      concrete.add(deployment.withUpstreamModel(deployment.upstreamModelFor(requestedModel)));
    }
    if (concrete.equals(deployments)) {
      return this;
    }
    Builder b = builder(name).fallbacks(fallbacks);
    concrete.forEach(b::deployment);
    if (selection != null) {
      b.selection(selection);
    }
    return b.build();
  }

  /** The route: the deployments, then the ordered fallbacks, e.g. {@code openai/gpt-5.4-mini}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (Deployment deployment : deployments) {
      sb.append(sb.length() == 0 ? "" : ", ").append(deployment);
    }
    if (!fallbacks.models().isEmpty()) {
      sb.append(", then ").append(String.join(", ", fallbacks.models()));
    }
    return sb.toString();
  }

  public static final class Builder {
    private final String name;
    private final List<Deployment> deployments = new ArrayList<>();
    private FallbackChain fallbacks = FallbackChain.NONE;
    private SelectionStrategy selection;

    private Builder(String name) {
      this.name = ProviderConfig.requireText(name, "group name");
    }

    public Builder deployment(Deployment deployment) {
      deployments.add(Objects.requireNonNull(deployment, "deployment"));
      return this;
    }

    public Builder deployment(String provider, String upstreamModel) {
      return deployment(Deployment.of(provider, upstreamModel));
    }

    public Builder deployment(String provider, String upstreamModel, int weight) {
      return deployment(Deployment.builder(provider, upstreamModel).weight(weight).build());
    }

    /** The models to try, in order, when this group cannot answer. */
    public Builder fallbackTo(String... models) {
      FallbackChain.Builder chain = fallbacks.toBuilder();
      for (String model : models) {
        chain.then(model);
      }
      this.fallbacks = chain.build();
      return this;
    }

    /** The model for prompts that exceed this group's context window. */
    public Builder contextWindowFallback(String model) {
      this.fallbacks = fallbacks.toBuilder().onContextWindowExceeded(model).build();
      return this;
    }

    /** The model for requests this group's provider refuses on content policy. */
    public Builder contentPolicyFallback(String model) {
      this.fallbacks = fallbacks.toBuilder().onContentPolicy(model).build();
      return this;
    }

    /** Replaces the whole fallback chain. */
    public Builder fallbacks(FallbackChain chain) {
      this.fallbacks = Objects.requireNonNull(chain, "chain");
      return this;
    }

    /** A selection strategy for this group only. */
    public Builder selection(SelectionStrategy strategy) {
      this.selection = Objects.requireNonNull(strategy, "strategy");
      return this;
    }

    /**
     * @throws IllegalStateException when the group has no deployment
     */
    public ModelGroup build() {
      if (deployments.isEmpty()) {
        throw new IllegalStateException("model group '" + name + "' needs at least one deployment");
      }
      return new ModelGroup(this);
    }
  }
}
