package dev.llmrouter.api.spi;

/**
 * Creates adapters of one provider type (e.g. {@code "openai"}, {@code "anthropic"},
 * {@code "openai-compatible"}). Registered in
 * {@code META-INF/services/dev.llmrouter.api.spi.ProviderAdapterFactory}.
 */
public interface ProviderAdapterFactory {

  /** The provider type this factory serves, as written in configuration. */
  String type();

  /**
   * Creates an adapter.
   *
   * @param settings the provider's configuration (never its keys)
   * @param resources per-router shared resources, such as one HTTP client for every adapter
   * @throws IllegalArgumentException when the settings are unusable (e.g. a missing base URL)
   */
  ProviderAdapter create(ProviderSettings settings, AdapterResources resources);
}
