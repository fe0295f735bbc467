package dev.llmrouter.spring.autoconfigure;

import dev.llmrouter.api.Secret;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.spi.SelectionStrategy;
import dev.llmrouter.core.Deployment;
import dev.llmrouter.core.LlmRouter;
import dev.llmrouter.core.ModelGroup;
import dev.llmrouter.core.ProviderConfig;
import dev.llmrouter.core.cache.CacheConfig;
import dev.llmrouter.core.resilience.CircuitBreakerConfig;
import dev.llmrouter.core.resilience.RetryConfig;
import dev.llmrouter.core.routing.SelectionStrategies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Locale;

/** Applies {@code llmrouter.*} to a router builder; every failure names the property to fix. */
final class PropertiesMapping {
  private static final String P = LlmRouterProperties.PREFIX + ".";

  private PropertiesMapping() {}

  static void apply(LlmRouterProperties properties, LlmRouter.Builder builder) {
    properties.getProviders().forEach((name, provider) -> builder.addProvider(providerConfig(name, provider)));
    for (LlmRouterProperties.Route route : properties.getRoutes()) {
      String upstream = route.getUpstreamModel() == null ? route.getModel() : route.getUpstreamModel();
      builder.route(route.getModel(), route.getProvider(), upstream);
    }
    for (LlmRouterProperties.PrefixRoute route : properties.getPrefixRoutes()) {
      builder.routePrefix(route.getPrefix(), route.getProvider());
    }
    for (LlmRouterProperties.PatternRoute route : properties.getPatterns()) {
      builder.routePattern(route.getPattern(), route.getProvider());
    }
    for (int i = 0; i < properties.getGroups().size(); i++) {
      builder.addModelGroup(group(properties.getGroups().get(i), P + "groups[" + i + "]"));
    }
    for (LlmRouterProperties.Alias alias : properties.getAliases()) {
      builder.alias(alias.getName(), alias.getTarget());
    }
    for (LlmRouterProperties.SubstringAlias alias : properties.getSubstringAliases()) {
      builder.substringAlias(alias.getSubstring(), alias.getTarget());
    }
    if (properties.getSelection() != null) {
      builder.selection(selection(properties.getSelection(), P + "selection"));
    }
    if (properties.getRetry().isSet()) {
      builder.retry(retry(properties.getRetry()));
    }
    if (properties.getCircuitBreaker().isSet()) {
      builder.circuitBreaker(circuitBreaker(properties.getCircuitBreaker()));
    }
    if (properties.getKeyCooldown() != null) {
      builder.keyCooldown(properties.getKeyCooldown());
    }
    if (properties.getCache().isEnabled()) {
      CacheConfig.Builder cache = CacheConfig.builder();
      if (properties.getCache().getMaximumSize() != null) {
        cache.maximumSize(properties.getCache().getMaximumSize());
      }
      if (properties.getCache().getTtl() != null) {
        cache.ttl(properties.getCache().getTtl());
      }
      builder.cache(cache.build());
    }
  }

  static ProviderConfig providerConfig(String name, LlmRouterProperties.Provider provider) {
    String at = P + "providers." + name;
    if (provider.getType() == null || provider.getType().isBlank()) {
      throw new IllegalArgumentException(at + ".type is required (openai, anthropic, gemini, openai-compatible, mock)");
    }
    ProviderConfig.Builder config = ProviderConfig.builder(name, provider.getType())
        .baseUrl(provider.getBaseUrl())
        .connectTimeout(provider.getConnectTimeout())
        .readTimeout(provider.getReadTimeout());
    if (provider.getWireFormat() != null && !provider.getWireFormat().isBlank()) {
      config.wireFormat(WireFormat.fromId(provider.getWireFormat().strip()));
    }
    for (String entry : provider.getApiKeys()) {
      config.apiKeys(Secret.parseList(entry));
    }
    if (provider.getApiKeysFile() != null) {
      try {
        for (String line : Files.readAllLines(provider.getApiKeysFile())) {
          if (!line.strip().startsWith("#")) {
            config.apiKeys(Secret.parseList(line));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(at + ".api-keys-file cannot be read: " + provider.getApiKeysFile(), e);
      }
    }
    provider.getHeaders().forEach(config::header);
    provider.getOptions().forEach(config::option);
    return config.build();
  }

  private static ModelGroup group(LlmRouterProperties.Group group, String at) {
    if (group.getName() == null || group.getName().isBlank()) {
      throw new IllegalArgumentException(at + ".name is required");
    }
    if (group.getDeployments().isEmpty()) {
      throw new IllegalArgumentException(at + ".deployments needs at least one deployment (provider and model)");
    }
    ModelGroup.Builder builder = ModelGroup.builder(group.getName());
    for (LlmRouterProperties.GroupDeployment deployment : group.getDeployments()) {
      String model = deployment.getModel() == null ? Deployment.REQUESTED_MODEL : deployment.getModel();
      builder.deployment(Deployment.builder(deployment.getProvider(), model)
          .weight(deployment.getWeight()).rpm(deployment.getRpm()).tpm(deployment.getTpm()).build());
    }
    if (!group.getFallbacks().isEmpty()) {
      builder.fallbackTo(group.getFallbacks().toArray(new String[0]));
    }
    if (group.getContextWindowFallback() != null) {
      builder.contextWindowFallback(group.getContextWindowFallback());
    }
    if (group.getContentPolicyFallback() != null) {
      builder.contentPolicyFallback(group.getContentPolicyFallback());
    }
    if (group.getSelection() != null) {
      builder.selection(selection(group.getSelection(), at + ".selection"));
    }
    return builder.build();
  }

  static SelectionStrategy selection(String name, String at) {
    switch (name.strip().toLowerCase(Locale.ROOT)) {
      case "weighted-random":
        return SelectionStrategies.weightedRandom();
      case "round-robin":
        return SelectionStrategies.roundRobin();
      case "least-busy":
        return SelectionStrategies.leastBusy();
      case "lowest-latency":
        return SelectionStrategies.lowestLatency();
      case "usage-based":
        return SelectionStrategies.usageBased();
      default:
        throw new IllegalArgumentException(at + " '" + name + "' is not one of weighted-random, round-robin, "
            + "least-busy, lowest-latency, usage-based (lowest-cost needs prices: set it with an "
            + "LlmRouterBuilderCustomizer)");
    }
  }

  private static RetryConfig retry(LlmRouterProperties.Retry retry) {
    RetryConfig defaults = RetryConfig.DEFAULTS;
    RetryConfig.Builder b = defaults.toBuilder();
    if (retry.getMaxAttempts() != null) {
      b.maxAttempts(retry.getMaxAttempts());
    }
    if (retry.getInitialBackoff() != null || retry.getMaxBackoff() != null) {
      b.backoff(retry.getInitialBackoff() != null ? retry.getInitialBackoff() : defaults.initialBackoff(),
          retry.getMaxBackoff() != null ? retry.getMaxBackoff() : defaults.maxBackoff());
    }
    if (retry.getMultiplier() != null) {
      b.multiplier(retry.getMultiplier());
    }
    if (retry.getJitter() != null) {
      b.jitter(retry.getJitter());
    }
    if (retry.getMaxRetryAfter() != null) {
      b.maxRetryAfter(retry.getMaxRetryAfter());
    }
    if (retry.getAttemptTimeout() != null) {
      b.attemptTimeout(retry.getAttemptTimeout());
    }
    if (retry.getTotalDeadline() != null) {
      b.totalDeadline(retry.getTotalDeadline());
    }
    if (retry.getStreamIdleTimeout() != null) {
      b.streamIdleTimeout(retry.getStreamIdleTimeout());
    }
    return b.build();
  }

  private static CircuitBreakerConfig circuitBreaker(LlmRouterProperties.CircuitBreaker breaker) {
    CircuitBreakerConfig defaults = CircuitBreakerConfig.DEFAULTS;
    CircuitBreakerConfig.Builder b = CircuitBreakerConfig.builder();
    if (breaker.getEnabled() != null) {
      b.enabled(breaker.getEnabled());
    }
    if (breaker.getFailureThreshold() != null || breaker.getFailureWindow() != null) {
      int failures = breaker.getFailureThreshold() != null ? breaker.getFailureThreshold() : defaults.failureThreshold();
      b.failureThreshold(failures, breaker.getFailureWindow() != null ? breaker.getFailureWindow() : failures);
    }
    if (breaker.getOpenDelay() != null) {
      b.openDelay(breaker.getOpenDelay());
    }
    if (breaker.getSuccessThreshold() != null) {
      b.successThreshold(breaker.getSuccessThreshold());
    }
    return b.build();
  }
}
