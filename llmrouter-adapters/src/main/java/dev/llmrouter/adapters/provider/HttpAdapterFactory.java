package dev.llmrouter.adapters.provider;

import dev.llmrouter.adapters.http.HttpProviderAdapter;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.spi.AdapterResources;
import dev.llmrouter.api.spi.ProviderAdapter;
import dev.llmrouter.api.spi.ProviderAdapterFactory;
import dev.llmrouter.api.spi.ProviderSettings;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A provider type reached over HTTP, and what it defaults: its wire formats (the first when none is
 * configured) and the base URL that serves them. A configured base URL accepts any wire format, which
 * then decides codec and paths.
 */
abstract class HttpAdapterFactory implements ProviderAdapterFactory {
  private final String type;
  private final String defaultBaseUrl;
  private final List<WireFormat> nativeFormats;

  /** @param defaultBaseUrl {@code null} when the type has none and the configuration must give one */
  HttpAdapterFactory(String type, String defaultBaseUrl, List<WireFormat> nativeFormats) {
    this.type = type;
    this.defaultBaseUrl = defaultBaseUrl;
    this.nativeFormats = List.copyOf(nativeFormats);
  }

  @Override
  public final String type() {
    return type;
  }

  @Override
  public final ProviderAdapter create(ProviderSettings settings, AdapterResources resources) {
    WireFormat format = settings.wireFormat() == null ? nativeFormats.get(0) : settings.wireFormat();
    String baseUrl = settings.baseUrl() == null || settings.baseUrl().isBlank() ? null : settings.baseUrl();
    if (baseUrl == null) {
      if (defaultBaseUrl == null) {
        throw new IllegalArgumentException("provider '" + settings.name() + "' of type '" + type
            + "' needs a base-url, e.g. http://localhost:11434/v1 for Ollama");
      }
      if (!nativeFormats.contains(format)) {
        throw new IllegalArgumentException("provider '" + settings.name() + "' of type '" + type + "' speaks "
            + nativeFormats.stream().map(WireFormat::id).collect(Collectors.joining(" or "))
            + " at its default URL; set a base-url to speak " + format.id());
      }
      baseUrl = defaultBaseUrl;
    }
    return HttpProviderAdapter.create(settings, format, baseUrl, resources);
  }
}
