package dev.llmrouter.adapters.provider;

import dev.llmrouter.api.spi.AdapterResources;
import dev.llmrouter.api.spi.ProviderAdapter;
import dev.llmrouter.api.spi.ProviderAdapterFactory;
import dev.llmrouter.api.spi.ProviderSettings;

/**
 * Type {@code mock}: the built-in mock provider, which calls no model and needs no key. It answers
 * every request with a canned text that says it is the llmrouter mock and echoes the last user
 * message; when the request offers tools and the last turn is not a tool result, it also calls one
 * (a harmless {@code echo} through a shell tool when the request has one), so that a client's tool
 * loop runs end to end. A request for structured output gets JSON that fits its schema instead.
 * Streams, usage and token counts included.
 *
 * <p>Its configured wire format only decides which clients reach it by passthrough; the answer is the
 * same in every format.
 */
public final class MockAdapterFactory implements ProviderAdapterFactory {
  /** The provider type to write in configuration. */
  public static final String TYPE = "mock";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public ProviderAdapter create(ProviderSettings settings, AdapterResources resources) {
    return new MockProviderAdapter(settings.name(), settings.wireFormat(), resources);
  }
}
