package dev.llmrouter.samples.proxy;

import dev.llmrouter.core.LlmRouter;
import dev.llmrouter.spring.proxy.LlmRouterProxyAutoConfiguration;
import dev.llmrouter.spring.proxy.LlmRouterProxyProperties;
import java.util.List;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Prints, once the proxy listens, exactly what each CLI needs to use it. */
@Component
class ClientSetup implements ApplicationListener<ApplicationReadyEvent> {
  /** What a client sends when the proxy has no key: any value works. */
  static final String ANY_KEY = "llmrouter";

  private final LlmRouter router;
  private final LlmRouterProxyProperties proxy;
  private final Environment environment;

  ClientSetup(LlmRouter router, LlmRouterProxyProperties proxy, Environment environment) {
    this.router = router;
    this.proxy = proxy;
    this.environment = environment;
  }

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    String host = environment.getProperty("server.address", "127.0.0.1");
    String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8787"));
    boolean keyed = (proxy.getMasterKey() != null && !proxy.getMasterKey().isBlank())
        || environment.getProperty(LlmRouterProxyAutoConfiguration.MASTER_KEY_VARIABLE) != null
        || !proxy.getApiKeys().isEmpty();
    System.out.println(text("http://" + host + ":" + port, keyed ? null : ANY_KEY, router.providers()));
  }

  /**
   * @param key the key to show, or {@code null} when the proxy has keys (never printed: the text
   *     names the variable that holds the master key instead)
   */
  static String text(String baseUrl, String key, List<String> providers) {
    String shownKey = key == null ? "$" + LlmRouterProxyAutoConfiguration.MASTER_KEY_VARIABLE : key;
    String tomlKey = key == null ? "your llmrouter key" : key;
    boolean mockOnly = providers.equals(List.of("mock"));
    return String.join("\n",
        "",
        "llmrouter proxy on " + baseUrl + "  providers: " + providers
            + (mockOnly ? "  <- the built-in MOCK (canned answers). Set OPENAI_API_KEY, ANTHROPIC_API_KEY or "
                + "GEMINI_API_KEY and restart for real models." : ""),
        key == null ? "Clients must send a configured key." : "No key is configured: clients may send any key.",
        "",
        "Claude Code:",
        "  export ANTHROPIC_BASE_URL=" + baseUrl,
        "  export ANTHROPIC_AUTH_TOKEN=" + shownKey + "   # and unset ANTHROPIC_API_KEY in that shell",
        "  claude",
        "",
        "Codex CLI: add to ~/.codex/config.toml (a named model: Codex hides the tools from custom providers "
            + "for its default one)",
        "  model = \"gpt-5-codex\"",
        "  model_provider = \"llmrouter\"",
        "  [model_providers.llmrouter]",
        "  name = \"llmrouter\"",
        "  base_url = \"" + baseUrl + "/v1\"",
        "  env_key = \"LLMROUTER_API_KEY\"",
        "  wire_api = \"responses\"",
        "then: export LLMROUTER_API_KEY=" + shownKey + "; codex",
        "",
        "Gemini CLI:",
        "  export GOOGLE_GEMINI_BASE_URL=" + baseUrl,
        "  export GEMINI_API_KEY=" + shownKey,
        "  and in ~/.gemini/settings.json: {\"security\": {\"auth\": {\"selectedType\": \"gemini-api-key\"}}}",
        "  gemini",
        "",
        "opencode: in ~/.config/opencode/opencode.json",
        "  {\"provider\": {\"llmrouter\": {\"npm\": \"@ai-sdk/openai-compatible\", \"options\": {\"baseURL\": \""
            + baseUrl + "/v1\", \"apiKey\": \"" + tomlKey + "\"},",
        "     \"models\": {\"gpt-5.4-mini\": {\"name\": \"gpt-5.4-mini\", \"tool_call\": true}}}},",
        "   \"model\": \"llmrouter/gpt-5.4-mini\"}",
        "",
        "Or let the launcher set all this for one run: bin/llmrouter run claude|codex|gemini|opencode -- <args>",
        "");
  }
}
