package dev.llmrouter.adapters.codec.gemini;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.spi.SseEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The validator the translation matrix relies on must reject what Gemini clients cannot read. */
class GeminiStreamGrammarTest {
  private static final String LAST = "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"b\"}],\"role\":\"model\"},"
      + "\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":1}}";
  private static final String MIDDLE = "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a\"}],\"role\":\"model\"}}]}";

  private static List<SseEvent> events(String... data) {
    return java.util.Arrays.stream(data).map(SseEvent::data).toList();
  }

  @Test
  void acceptsAWellFormedStreamAndAnErrorEndedOne() {
    assertThatCode(() -> GeminiStreamGrammar.validate(events(MIDDLE, LAST))).doesNotThrowAnyException();
    assertThatCode(() -> GeminiStreamGrammar.validate(events(MIDDLE,
        "{\"error\":{\"code\":503,\"message\":\"busy\",\"status\":\"UNAVAILABLE\"}}"))).doesNotThrowAnyException();
  }

  @Test
  void rejectsEventNames() {
    assertThatThrownBy(() -> GeminiStreamGrammar.validate(List.of(new SseEvent("message", LAST))))
        .hasMessageContaining("event name");
  }

  @Test
  void rejectsAMissingOrEarlyFinishReason() {
    assertThatThrownBy(() -> GeminiStreamGrammar.validate(events(MIDDLE, MIDDLE))).hasMessageContaining("no finishReason");
    assertThatThrownBy(() -> GeminiStreamGrammar.validate(events(LAST, LAST))).hasMessageContaining("before the last chunk");
  }

  @Test
  void rejectsALastChunkWithoutUsage() {
    assertThatThrownBy(() -> GeminiStreamGrammar.validate(events(LAST.replace(",\"usageMetadata\":{\"promptTokenCount\":1}", ""))))
        .hasMessageContaining("usageMetadata");
  }

  @Test
  void rejectsSplitFunctionCalls() {
    String split = "{\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{\"name\":\"f\",\"args\":\"{\\\"a\\\"\"}}]}}]}";

    assertThatThrownBy(() -> GeminiStreamGrammar.validate(events(split, LAST))).hasMessageContaining("args");
  }

  @Test
  void rejectsAnErrorThatIsNotLastAndDataThatIsNotAnObject() {
    String error = "{\"error\":{\"code\":500,\"message\":\"x\",\"status\":\"INTERNAL\"}}";

    assertThatThrownBy(() -> GeminiStreamGrammar.validate(events(error, LAST))).hasMessageContaining("last event");
    assertThatThrownBy(() -> GeminiStreamGrammar.validate(events("[DONE]"))).hasMessageContaining("not a JSON object");
    assertThatThrownBy(() -> GeminiStreamGrammar.validate(events("{\"candidates\":[]}"))).hasMessageContaining("candidates");
  }
}
