package dev.llmrouter.samples.proxy;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The runnable proxy for coding CLIs: {@code java -jar llmrouter-proxy.jar [--config=llmrouter.yml]}.
 *
 * <p>Listens on 127.0.0.1:8787; providers come from the environment ({@code OPENAI_API_KEY},
 * {@code ANTHROPIC_API_KEY}, {@code GEMINI_API_KEY}) or, when none is set, every model goes to the
 * built-in mock provider. A YAML file, named by {@code --config=<path>} or the {@code LLMROUTER_CONFIG}
 * environment variable, configures the rest with the same keys as {@code application.yml}.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class ProxyApplication {
  static final String CONFIG_VARIABLE = "LLMROUTER_CONFIG";

  public static void main(String[] args) {
    application(args, System.getenv(CONFIG_VARIABLE)).run(args);
  }

  static SpringApplication application(String[] args, String configFromEnvironment) {
    SpringApplication application = new SpringApplication(ProxyApplication.class);
    Map<String, Object> defaults = new HashMap<>();
    String config = configFile(args, configFromEnvironment);
    if (config != null) {
      // a file the user named must exist: no "optional:" prefix
      defaults.put("spring.config.additional-location", "file:" + config);
    }
    application.setDefaultProperties(defaults);
    application.addListeners(new SelfLoopGuard());
    return application;
  }

  /** {@code --config=<path>} wins over the environment variable. */
  static String configFile(String[] args, String configFromEnvironment) {
    for (String arg : args) {
      if (arg.startsWith("--config=") && arg.length() > "--config=".length()) {
        return arg.substring("--config=".length());
      }
    }
    return configFromEnvironment == null || configFromEnvironment.isBlank() ? null : configFromEnvironment;
  }
}
