package dev.llmrouter.adapters.http;

import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.spi.AdapterResources;
import dev.llmrouter.api.spi.ProviderSettings;
import dev.llmrouter.api.spi.WireCodec;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Supplier;

/** Provider settings as a router would hand them to a factory, for tests. */
public record TestSettings(String name, String type, WireFormat wireFormat, String baseUrl,
    Map<String, String> headers, Map<String, String> options, Duration connectTimeout, Duration readTimeout)
    implements ProviderSettings {

  public static TestSettings of(String name, String type, WireFormat format, String baseUrl) {
    return new TestSettings(name, type, format, baseUrl, Map.of(), Map.of(), null, null);
  }

  /** Per-router resources backed by a map, as the router keeps them. */
  public static final class Resources implements AdapterResources {
    private final Map<Class<?>, Object> shared = new HashMap<>();

    @Override
    public synchronized <T> T shared(Class<T> type, Supplier<? extends T> factory) {
      return type.cast(shared.computeIfAbsent(type, t -> factory.get()));
    }

    /** The codecs registered with ServiceLoader, as a router without codecs of its own would use. */
    @Override
    public WireCodec codec(WireFormat format) {
      for (WireCodec codec : ServiceLoader.load(WireCodec.class)) {
        if (codec.format() == format) {
          return codec;
        }
      }
      throw new IllegalStateException("no codec for " + format.id());
    }
  }
}
