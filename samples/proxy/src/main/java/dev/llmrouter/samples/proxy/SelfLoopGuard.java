package dev.llmrouter.samples.proxy;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * A shell prepared for a CLI ({@code eval "$(bin/llmrouter env gemini)"}) holds e.g.
 * {@code GEMINI_API_KEY} together with {@code GOOGLE_GEMINI_BASE_URL} pointing at this proxy. A proxy
 * started from that shell would discover a "gemini" provider that is itself, and every Gemini request
 * would loop. Such a pair is ignored, with a warning, before the router is built.
 */
final class SelfLoopGuard implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {
  private static final Logger LOG = LoggerFactory.getLogger(SelfLoopGuard.class);
  /** Base-URL variable → the key variables environment discovery reads with it. */
  private static final Map<String, String[]> DISCOVERED = Map.of(
      "OPENAI_BASE_URL", new String[] {"OPENAI_API_KEY"},
      "ANTHROPIC_BASE_URL", new String[] {"ANTHROPIC_API_KEY"},
      "GOOGLE_GEMINI_BASE_URL", new String[] {"GEMINI_API_KEY", "GOOGLE_API_KEY"});

  @Override
  public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
    ConfigurableEnvironment environment = event.getEnvironment();
    int port = environment.getProperty("server.port", Integer.class, 8080);
    Map<String, Object> ignored = new LinkedHashMap<>();
    DISCOVERED.forEach((urlVariable, keyVariables) -> {
      if (pointsAt(environment.getProperty(urlVariable), port)) {
        for (String keyVariable : keyVariables) {
          if (environment.getProperty(keyVariable) != null) {
            ignored.put(keyVariable, "");
            LOG.warn("ignoring {}: {} points at this proxy (a shell prepared for a CLI?), so that provider would "
                + "call itself", keyVariable, urlVariable);
          }
        }
      }
    });
    if (!ignored.isEmpty()) {
      environment.getPropertySources().addFirst(new MapPropertySource("llmrouterSelfLoopGuard", ignored));
    }
  }

  static boolean pointsAt(String url, int port) {
    if (url == null || url.isBlank()) {
      return false;
    }
    try {
      URI uri = URI.create(url.strip());
      String host = uri.getHost();
      return uri.getPort() == port && host != null
          && (host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]") || host.equals("::1"));
    } catch (IllegalArgumentException notAUrl) {
      return false;
    }
  }
}
