package dev.llmrouter.core;

import dev.llmrouter.api.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds providers from the usual environment variables. Each variable may hold several keys separated
 * by spaces, which become the provider's key pool.
 *
 * <table>
 *   <tr><th>variable</th><th>provider (type)</th><th>base URL override</th><th>model prefixes routed to it</th></tr>
 *   <tr><td>OPENAI_API_KEY</td><td>openai</td><td>OPENAI_BASE_URL</td><td>gpt-, o1, o3, o4, chatgpt-, codex-</td></tr>
 *   <tr><td>ANTHROPIC_API_KEY</td><td>anthropic</td><td>ANTHROPIC_BASE_URL</td><td>claude-</td></tr>
 *   <tr><td>GEMINI_API_KEY (or GOOGLE_API_KEY)</td><td>gemini</td><td>GOOGLE_GEMINI_BASE_URL</td><td>gemini-, gemma-</td></tr>
 * </table>
 */
final class EnvironmentDiscovery {
  record Found(ProviderConfig provider, List<String> prefixes) {}

  private EnvironmentDiscovery() {}

  static List<Found> discover(Map<String, String> env) {
    List<Found> found = new ArrayList<>();
    add(found, env, "openai", List.of("OPENAI_API_KEY"), "OPENAI_BASE_URL",
        List.of("gpt-", "o1", "o3", "o4", "chatgpt-", "codex-"));
    add(found, env, "anthropic", List.of("ANTHROPIC_API_KEY"), "ANTHROPIC_BASE_URL", List.of("claude-"));
    add(found, env, "gemini", List.of("GEMINI_API_KEY", "GOOGLE_API_KEY"), "GOOGLE_GEMINI_BASE_URL",
        List.of("gemini-", "gemma-"));
    return found;
  }

  private static void add(
      List<Found> found, Map<String, String> env, String type, List<String> keyVariables, String baseUrlVariable,
      List<String> prefixes) {
    for (String variable : keyVariables) {
      List<Secret> keys = Secret.parseList(env.get(variable));
      if (!keys.isEmpty()) {
        ProviderConfig provider =
            ProviderConfig.builder(type, type).apiKeys(keys).baseUrl(env.get(baseUrlVariable)).build();
        found.add(new Found(provider, prefixes));
        return;
      }
    }
  }
}
