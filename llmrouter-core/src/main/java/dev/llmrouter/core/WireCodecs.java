package dev.llmrouter.core;

import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.spi.WireCodec;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** The codecs a router uses, one per wire format: those found with ServiceLoader, overridden by ones added in code. */
final class WireCodecs {
  private final Map<WireFormat, WireCodec> byFormat;

  WireCodecs(List<WireCodec> added) {
    Map<WireFormat, WireCodec> map = new EnumMap<>(WireFormat.class);
    for (WireCodec codec : ServiceLoader.load(WireCodec.class, WireCodecs.class.getClassLoader())) {
      map.putIfAbsent(codec.format(), codec);
    }
    for (WireCodec codec : added) {
      map.put(codec.format(), codec);
    }
    this.byFormat = map;
  }

  /**
   * @throws IllegalStateException when no codec serves the format (llmrouter-adapters missing)
   */
  WireCodec forFormat(WireFormat format) {
    WireCodec codec = byFormat.get(format);
    if (codec == null) {
      throw new IllegalStateException(
          "no codec for wire format " + format.id() + "; is llmrouter-adapters on the class path?");
    }
    return codec;
  }
}
