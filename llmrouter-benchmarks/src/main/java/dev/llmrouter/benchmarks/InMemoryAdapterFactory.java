package dev.llmrouter.benchmarks;

import dev.llmrouter.api.spi.AdapterResources;
import dev.llmrouter.api.spi.ProviderAdapter;
import dev.llmrouter.api.spi.ProviderAdapterFactory;
import dev.llmrouter.api.spi.ProviderSettings;

/** Adapters of type {@code in-memory}: upstreams that answer with {@link Payloads} instead of a network. */
final class InMemoryAdapterFactory implements ProviderAdapterFactory {
  static final String TYPE = "in-memory";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public ProviderAdapter create(ProviderSettings settings, AdapterResources resources) {
    return new InMemoryProviderAdapter(
        settings.name(), resources.codec(settings.wireFormat()), Payloads.of(settings.wireFormat()));
  }
}
