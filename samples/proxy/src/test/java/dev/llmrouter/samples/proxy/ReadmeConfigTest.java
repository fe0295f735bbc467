package dev.llmrouter.samples.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.core.LlmRouter;
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
}
