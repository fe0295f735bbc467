package dev.llmrouter.core;

import java.util.Objects;

/**
 * Where a model name goes: a provider and the model name that provider knows.
 *
 * @param provider the provider's name in the router
 * @param upstreamModel the model to ask that provider for
 */
public record Deployment(String provider, String upstreamModel) {
  public Deployment {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(upstreamModel, "upstreamModel");
  }

  @Override
  public String toString() {
    return provider + "/" + upstreamModel;
  }
}
