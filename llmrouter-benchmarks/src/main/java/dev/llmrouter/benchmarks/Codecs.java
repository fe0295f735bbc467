package dev.llmrouter.benchmarks;

import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.spi.WireCodec;
import java.util.ServiceLoader;

/** The codecs llmrouter-adapters registers, for benchmarks that call them without a router. */
final class Codecs {
  private Codecs() {}

  static WireCodec of(WireFormat format) {
    for (WireCodec codec : ServiceLoader.load(WireCodec.class)) {
      if (codec.format() == format) {
        return codec;
      }
    }
    throw new IllegalStateException("no codec for " + format.id() + " on the class path");
  }
}
