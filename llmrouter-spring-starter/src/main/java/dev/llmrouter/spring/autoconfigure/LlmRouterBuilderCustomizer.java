package dev.llmrouter.spring.autoconfigure;

import dev.llmrouter.core.LlmRouter;

/**
 * Changes the router's builder before the auto-configured {@link LlmRouter} is built: add providers,
 * routes, adapter factories or codecs in code. Customizer beans run in {@code @Order} /
 * {@link org.springframework.core.Ordered} order, after the {@code llmrouter.*} properties and
 * environment discovery were applied.
 */
@FunctionalInterface
public interface LlmRouterBuilderCustomizer {

  void customize(LlmRouter.Builder builder);
}
