package dev.llmrouter.samples.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.core.LlmRouter;
import dev.llmrouter.core.governance.Budget;
import dev.llmrouter.core.governance.Governance;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/** The README's YAML example ("Configure it") starts the proxy as it says. */
class ReadmeConfigTest {

  @Test
  void theReadmeYamlConfiguresTheProxy(@TempDir Path dir) throws Exception {
    String readme = Files.readString(Path.of("..", "..", "README.md"));
    int start = readme.indexOf("```yaml\n# llmrouter.yml:");
    assertThat(start).as("the README shows the YAML example").isPositive();
    String yaml = readme.substring(readme.indexOf('\n', start) + 1, readme.indexOf("```", start + 7));
    Path config = dir.resolve("llmrouter.yml");
    Files.writeString(config, yaml);
    String[] args = {"--config=" + config, "--server.port=0", "--ANTHROPIC_API_KEY=sk-ant-test",
        "--llmrouter.discover-from-environment=false"};
    try (ConfigurableApplicationContext context = ProxyApplication.application(args, null).run(args)) {
      LlmRouter router = context.getBean(LlmRouter.class);
      assertThat(router.providers()).containsExactly("anthropic", "local", "openai");
      assertThat(router.resolve("claude-opus-5-5").map(Object::toString)).hasValue(
          "anthropic/claude-sonnet-4-6 weight=3, openai/gpt-5.4 rpm=500, then cheap");
      assertThat(router.resolve("claude-haiku-4-5").map(Object::toString)).hasValue("local/qwen3:8b");
      assertThat(router.resolve("gemini-2.5-pro").map(Object::toString)).hasValue("local/gemini-2.5-pro");
      assertThat(router.resolve("unknown-model")).isEmpty();
    }
  }

  @Test
  void theReadmeGovernanceYamlGovernsTheProxyAndOpensTheAdminApi(@TempDir Path dir) throws Exception {
    String readme = Files.readString(Path.of("..", "..", "README.md"));
    int start = readme.indexOf("```yaml\n# governance.yml:");
    assertThat(start).as("the README shows the governance YAML").isPositive();
    String yaml = readme.substring(readme.indexOf('\n', start) + 1, readme.indexOf("```", start + 7));
    Path config = dir.resolve("governance.yml");
    Files.writeString(config, yaml);
    String[] args = {"--config=" + config, "--server.port=0", "--LLMROUTER_MASTER_KEY=readme-master",
        "--llmrouter.discover-from-environment=false",
        "--llmrouter.governance.ledger.jdbc-url=jdbc:h2:file:" + dir.resolve("governance") + ";DB_CLOSE_DELAY=-1"};
    try (ConfigurableApplicationContext context = ProxyApplication.application(args, null).run(args)) {
      Governance governance = context.getBean(Governance.class);
      assertThat(governance.budgets()).extracting(Budget::name).containsExactly("eng-monthly", "opus-daily");
      assertThat(governance.budgets().get(1).onBreach().downgradeTo()).isEqualTo("cheap");
      assertThat(governance.zone().getId()).isEqualTo("Europe/Paris");
      String port = context.getEnvironment().getProperty("local.server.port");
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> minted = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
              + "/admin/keys")).header("authorization", "Bearer readme-master")
          .POST(HttpRequest.BodyPublishers.ofString("{\"team\":\"eng\",\"user\":\"ada\",\"models\":[\"claude-*\"],"
              + "\"budget_usd\":20}")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(minted.statusCode()).as(minted.body()).isEqualTo(201);
      String key = minted.body().replaceAll(".*\"key\":\"(sk-llmr-[^\"]+)\".*", "$1");
      HttpResponse<String> call = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
              + "/v1/messages")).header("x-api-key", key).header("anthropic-version", "2023-06-01")
          .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"claude-sonnet-4-6\",\"max_tokens\":50,"
              + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(call.statusCode()).as(call.body()).isEqualTo(200);
      HttpResponse<String> denied = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
              + "/v1/messages")).header("x-api-key", key).header("anthropic-version", "2023-06-01")
          .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"claude-sonnet-4-6\",\"max_tokens\":50,"
              + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
              + "\"tools\":[{\"name\":\"shell.exec\",\"input_schema\":{\"type\":\"object\"}}]}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(denied.statusCode()).isEqualTo(403);
      assertThat(denied.body()).contains("permission_error").contains("shell");
    }
  }
}
