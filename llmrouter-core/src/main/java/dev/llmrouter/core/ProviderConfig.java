package dev.llmrouter.core;

import dev.llmrouter.api.Secret;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.spi.ProviderSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One upstream provider: its name in the router, adapter type, wire format, base URL and key pool.
 *
 * <pre>{@code
 * ProviderConfig.builder("anthropic", "anthropic")
 *     .apiKeys(Secret.parseList(System.getenv("ANTHROPIC_API_KEY")))
 *     .build();
 * ProviderConfig.builder("local", "openai-compatible")
 *     .baseUrl("http://127.0.0.1:11434/v1")
 *     .build();
 * }</pre>
 *
 * <p>{@link #toString()} shows the number of keys and their fingerprints, never a key.
 */
public final class ProviderConfig implements ProviderSettings {
  /** Adapter types shipped with llmrouter-adapters, and the wire format each speaks by default. */
  private static final Map<String, WireFormat> DEFAULT_FORMATS =
      Map.of(
          "openai", WireFormat.OPENAI_CHAT,
          "openai-compatible", WireFormat.OPENAI_CHAT,
          "anthropic", WireFormat.ANTHROPIC_MESSAGES,
          "gemini", WireFormat.GEMINI);

  private final String name;
  private final String type;
  private final WireFormat wireFormat;
  private final String baseUrl;
  private final List<Secret> apiKeys;
  private final Map<String, String> headers;
  private final Map<String, String> options;
  private final Duration connectTimeout;
  private final Duration readTimeout;

  private ProviderConfig(Builder b) {
    this.name = b.name;
    this.type = b.type;
    this.wireFormat = b.wireFormat;
    this.baseUrl = b.baseUrl;
    this.apiKeys = List.copyOf(b.apiKeys);
    this.headers = Map.copyOf(b.headers);
    this.options = Map.copyOf(b.options);
    this.connectTimeout = b.connectTimeout;
    this.readTimeout = b.readTimeout;
  }

  /**
   * Starts a provider.
   *
   * @param name unique name in the router, used in routes and {@code provider/model} prefixes
   * @param type adapter type: {@code openai}, {@code anthropic}, {@code gemini}, {@code openai-compatible},
   *     or the type of an adapter factory registered by the application
   */
  public static Builder builder(String name, String type) {
    return new Builder(name, type);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  public WireFormat wireFormat() {
    return wireFormat;
  }

  @Override
  public String baseUrl() {
    return baseUrl;
  }

  /** The key pool; empty when the provider needs no key (e.g. a local Ollama). */
  public List<Secret> apiKeys() {
    return apiKeys;
  }

  @Override
  public Map<String, String> headers() {
    return headers;
  }

  @Override
  public Map<String, String> options() {
    return options;
  }

  @Override
  public Duration connectTimeout() {
    return connectTimeout;
  }

  @Override
  public Duration readTimeout() {
    return readTimeout;
  }

  @Override
  public String toString() {
    List<String> fingerprints = new ArrayList<>();
    for (Secret key : apiKeys) {
      fingerprints.add(key.fingerprint());
    }
    return "ProviderConfig{name=" + name + ", type=" + type + ", format=" + wireFormat.id()
        + (baseUrl == null ? "" : ", baseUrl=" + baseUrl) + ", keys=" + fingerprints + "}";
  }

  public static final class Builder {
    private final String name;
    private final String type;
    private WireFormat wireFormat;
    private String baseUrl;
    private final List<Secret> apiKeys = new ArrayList<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Map<String, String> options = new LinkedHashMap<>();
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(120);

    private Builder(String name, String type) {
      this.name = requireText(name, "provider name");
      if (name.contains("/") || name.contains(":")) {
        throw new IllegalArgumentException(
            "provider name '" + name + "' must not contain '/' or ':' (they separate provider and model)");
      }
      this.type = requireText(type, "provider type");
    }

    /** The wire format to speak upstream; defaults by type (openai → OpenAI Chat, …). */
    public Builder wireFormat(WireFormat value) {
      this.wireFormat = Objects.requireNonNull(value, "wireFormat");
      return this;
    }

    /** The base URL; defaults to the provider's public endpoint for known types. */
    public Builder baseUrl(String value) {
      this.baseUrl = value == null || value.isBlank() ? null : stripTrailingSlash(value.strip());
      return this;
    }

    public Builder apiKey(Secret key) {
      this.apiKeys.add(Objects.requireNonNull(key, "key"));
      return this;
    }

    public Builder apiKeys(List<Secret> keys) {
      for (Secret key : keys) {
        apiKey(key);
      }
      return this;
    }

    public Builder header(String name, String value) {
      this.headers.put(requireText(name, "header name"), Objects.requireNonNull(value, "header value"));
      return this;
    }

    public Builder option(String name, String value) {
      this.options.put(requireText(name, "option name"), Objects.requireNonNull(value, "option value"));
      return this;
    }

    public Builder connectTimeout(Duration value) {
      this.connectTimeout = requirePositive(value, "connectTimeout");
      return this;
    }

    public Builder readTimeout(Duration value) {
      this.readTimeout = requirePositive(value, "readTimeout");
      return this;
    }

    public ProviderConfig build() {
      if (wireFormat == null) {
        wireFormat = DEFAULT_FORMATS.get(type);
        if (wireFormat == null) {
          throw new IllegalStateException(
              "provider '" + name + "' of type '" + type + "' needs an explicit wireFormat");
        }
      }
      if ("openai-compatible".equals(type) && baseUrl == null) {
        throw new IllegalStateException("provider '" + name + "' of type openai-compatible needs a baseUrl");
      }
      return new ProviderConfig(this);
    }

    private static String stripTrailingSlash(String url) {
      return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static Duration requirePositive(Duration value, String what) {
      Objects.requireNonNull(value, what);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(what + " must be positive: " + value);
      }
      return value;
    }
  }

  static String requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    return value;
  }
}
