package dev.llmrouter.core;

import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.spi.AdapterResources;
import dev.llmrouter.api.spi.WireCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One router's shared adapter resources (e.g. its HTTP client); closed with the router. */
final class SharedResources implements AdapterResources, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SharedResources.class);

  private final Map<Class<?>, Object> instances = new ConcurrentHashMap<>();
  private final WireCodecs codecs;

  SharedResources(WireCodecs codecs) {
    this.codecs = codecs;
  }

  @Override
  public WireCodec codec(WireFormat format) {
    return codecs.forFormat(format);
  }

  @Override
  public <T> T shared(Class<T> type, java.util.function.Supplier<? extends T> factory) {
    return type.cast(instances.computeIfAbsent(type, t -> factory.get()));
  }

  @Override
  public void close() {
    List<Object> all = new ArrayList<>(instances.values());
    instances.clear();
    for (Object instance : all) {
      if (instance instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          log.warn("closing shared resource {} failed: {}", instance.getClass().getName(), e.toString());
        }
      }
    }
  }
}
