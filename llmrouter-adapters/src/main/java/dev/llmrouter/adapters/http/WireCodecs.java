package dev.llmrouter.adapters.http;

import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.spi.WireCodec;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link WireCodec} of each wire format, found once with {@link ServiceLoader} on the class
 * loader of this library. Codecs are stateless, so one instance per format serves every router.
 */
public final class WireCodecs {
  private static final Logger LOG = LoggerFactory.getLogger(WireCodecs.class);
  private static volatile Map<WireFormat, WireCodec> registered;

  private WireCodecs() {}

  /**
   * The codec registered for {@code format}.
   *
   * @throws IllegalStateException when no codec for it is registered
   */
  public static WireCodec forFormat(WireFormat format) {
    Map<WireFormat, WireCodec> codecs = registered;
    if (codecs == null) {
      // not a static initialiser: a codec that fails to load must fail each lookup with its own error,
      // not leave this class unusable; two threads scanning at once is harmless
      codecs = index(ServiceLoader.load(WireCodec.class, WireCodecs.class.getClassLoader()));
      registered = codecs;
    }
    return lookup(codecs, format);
  }

  static WireCodec lookup(Map<WireFormat, WireCodec> codecs, WireFormat format) {
    WireCodec codec = codecs.get(format);
    if (codec == null) {
      throw new IllegalStateException("no WireCodec is registered for wire format '" + format.id()
          + "'; expected an implementation listed in META-INF/services/" + WireCodec.class.getName()
          + " (llmrouter-adapters ships one per format)");
    }
    return codec;
  }

  /** Indexes codecs by format; when two claim the same format the first wins, as the class path orders them. */
  static Map<WireFormat, WireCodec> index(Iterable<WireCodec> codecs) {
    Map<WireFormat, WireCodec> byFormat = new EnumMap<>(WireFormat.class);
    for (WireCodec codec : codecs) {
      WireCodec first = byFormat.putIfAbsent(codec.format(), codec);
      if (first != null) {
        LOG.warn("two WireCodecs for wire format '{}': using {}, ignoring {}", codec.format().id(),
            first.getClass().getName(), codec.getClass().getName());
      }
    }
    return Collections.unmodifiableMap(byFormat);
  }
}
