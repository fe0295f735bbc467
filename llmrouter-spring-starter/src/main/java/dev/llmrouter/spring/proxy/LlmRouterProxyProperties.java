package dev.llmrouter.spring.proxy;

import dev.llmrouter.api.Secret;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

/** The proxy's settings under {@code llmrouter.proxy.*}. */
@ConfigurationProperties(LlmRouterProxyProperties.PREFIX)
public class LlmRouterProxyProperties {
  public static final String PREFIX = "llmrouter.proxy";
  /** The environment variable that holds the master key when the property does not. */
  public static final String MASTER_KEY_VARIABLE = "LLMROUTER_MASTER_KEY";

  /** Whether to serve the proxy's HTTP endpoints (/v1/*, /v1beta/*, /healthz, /readyz) in a servlet web application. */
  private boolean enabled = false;

  /**
   * The key clients must present (Authorization: Bearer, x-api-key, x-goog-api-key or ?key=). Falls
   * back to the LLMROUTER_MASTER_KEY environment variable. With no key at all the proxy accepts any
   * key, from loopback clients only.
   */
  private String masterKey;

  /** More keys clients may present besides the master key. */
  private List<String> apiKeys = new ArrayList<>();

  /** The largest request body accepted; a larger one is answered 413 in the caller's protocol. */
  private DataSize maxRequestSize = DataSize.ofMegabytes(32);

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public String getMasterKey() {
    return masterKey;
  }

  public void setMasterKey(String masterKey) {
    this.masterKey = masterKey;
  }

  public List<String> getApiKeys() {
    return apiKeys;
  }

  public void setApiKeys(List<String> apiKeys) {
    this.apiKeys = apiKeys;
  }

  public DataSize getMaxRequestSize() {
    return maxRequestSize;
  }

  public void setMaxRequestSize(DataSize maxRequestSize) {
    this.maxRequestSize = maxRequestSize;
  }

  /** The master key: the property, else the LLMROUTER_MASTER_KEY environment variable; {@code null} when neither. */
  public Secret masterKey(Environment environment) {
    String master = masterKey;
    if (master == null || master.isBlank()) {
      master = environment.getProperty(MASTER_KEY_VARIABLE);
    }
    return master == null || master.isBlank() ? null : Secret.of(master);
  }

  /** The other client keys (each entry may hold several, space-separated). */
  public List<Secret> clientKeys() {
    List<Secret> keys = new ArrayList<>();
    for (String entry : apiKeys) {
      keys.addAll(Secret.parseList(entry));
    }
    return keys;
  }

  /** Never the keys. */
  @Override
  public String toString() {
    return "LlmRouterProxyProperties{enabled=" + enabled + ", keys=" + (apiKeys.size() + (masterKey == null ? 0 : 1))
        + ", maxRequestSize=" + maxRequestSize + "}";
  }
}
