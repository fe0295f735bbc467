package dev.llmrouter.api.spi;

import dev.llmrouter.api.WireFormat;
import java.time.Duration;
import java.util.Map;

/** A read-only view of one provider's configuration, as an adapter factory sees it. Keys are not part of it. */
public interface ProviderSettings {

  /** The provider's name, unique in the router. */
  String name();

  /** The adapter type, e.g. {@code "openai"}. */
  String type();

  /** The wire format to speak upstream. */
  WireFormat wireFormat();

  /** The base URL, or {@code null} for the type's default. */
  String baseUrl();

  /** Extra headers sent on every upstream request. */
  Map<String, String> headers();

  /** Adapter-specific options (e.g. {@code anthropic-version}). */
  Map<String, String> options();

  Duration connectTimeout();

  /** The longest silence allowed between two reads of an upstream answer. */
  Duration readTimeout();
}
