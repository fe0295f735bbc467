package dev.llmrouter.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.adapters.codec.JsonSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class LoadRunTest {
  @Test
  void requestBodiesCarryTheRoutedModelAndTheStreamFlag() {
    JsonNode chat = JsonSupport.MAPPER.readTree(LoadRun.body("openai-chat", "bench-sse", true));
    JsonNode anthropic = JsonSupport.MAPPER.readTree(LoadRun.body("anthropic", "bench-json", false));

    assertThat(chat.get("model").asString()).isEqualTo("bench-sse");
    assertThat(chat.get("stream").asBoolean()).isTrue();
    assertThat(chat.get("messages")).hasSize(4);
    assertThat(anthropic.get("model").asString()).isEqualTo("bench-json");
    assertThat(anthropic.has("stream")).isFalse();
    assertThat(anthropic.get("tools")).hasSize(1);
  }
}
