package dev.llmrouter.api.spi;

import dev.llmrouter.api.WireFormat;
import java.util.function.Supplier;

/**
 * Resources shared by all adapters of one router (for example one HTTP client with one connection
 * pool), so that nothing is global. The router closes every {@link AutoCloseable} resource when it
 * closes.
 */
public interface AdapterResources {

  /** The router's single instance of {@code type}, created by {@code factory} on first use. */
  <T> T shared(Class<T> type, Supplier<? extends T> factory);

  /**
   * The router's codec for {@code format}: the one registered with {@link java.util.ServiceLoader}, or
   * the one the application added to the router.
   *
   * @throws IllegalStateException when no codec serves the format
   */
  WireCodec codec(WireFormat format);
}
