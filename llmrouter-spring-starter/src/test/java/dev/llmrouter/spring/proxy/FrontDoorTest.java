package dev.llmrouter.spring.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.api.NativeRequest;
import dev.llmrouter.api.WireFormat;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FrontDoorTest {
  private static final Function<String, String> NO_HEADERS = name -> null;

  private static FrontDoor post(String path) {
    return FrontDoor.resolve("POST", path, NO_HEADERS, false);
  }

  @ParameterizedTest
  @CsvSource({
      "/v1/messages, ANTHROPIC_MESSAGES, GENERATE",
      "/v1/messages/count_tokens, ANTHROPIC_MESSAGES, COUNT_TOKENS",
      "/v1/chat/completions, OPENAI_CHAT, GENERATE",
      "/v1/responses, OPENAI_RESPONSES, GENERATE",
  })
  void bodyFormatsAreTakenByPath(String path, WireFormat format, NativeRequest.Operation operation) {
    assertThat(post(path)).isEqualTo(new FrontDoor(FrontDoor.Kind.GENERATE, format, operation, null, null));
  }

  /** The model is everything before the last colon, so both provider-prefix forms pass; either Gemini version. */
  @ParameterizedTest
  @CsvSource({
      "/v1beta/models/gemini-2.5-pro:generateContent, gemini-2.5-pro, GENERATE, false",
      "/v1/models/gemini-2.5-pro:streamGenerateContent, gemini-2.5-pro, GENERATE, true",
      "/v1beta/models/openai/gpt-5:streamGenerateContent, openai/gpt-5, GENERATE, true",
      "/v1beta/models/openai:gpt-5:generateContent, openai:gpt-5, GENERATE, false",
      "/v1beta/models/local%2Fqwen3+8b:countTokens, local/qwen3+8b, COUNT_TOKENS, ",
  })
  void geminiTakesTheModelAndTheStreamSwitchFromThePath(
      String path, String model, NativeRequest.Operation operation, Boolean stream) {
    assertThat(post(path)).isEqualTo(new FrontDoor(FrontDoor.Kind.GENERATE, WireFormat.GEMINI, operation, model, stream));
  }

  @Test
  void theSharedModelListAnswersInTheProtocolTheHeadersTell() {
    assertThat(FrontDoor.resolve("GET", "/v1/models", Map.of("anthropic-version", "2023-06-01")::get, false).format())
        .isEqualTo(WireFormat.ANTHROPIC_MESSAGES);
    assertThat(FrontDoor.resolve("GET", "/v1/models", Map.of("x-goog-api-key", "k")::get, false).format())
        .isEqualTo(WireFormat.GEMINI);
    assertThat(FrontDoor.resolve("GET", "/v1/models", NO_HEADERS, true).format()).isEqualTo(WireFormat.GEMINI);
    assertThat(FrontDoor.resolve("GET", "/v1/models", NO_HEADERS, false).format()).isEqualTo(WireFormat.OPENAI_CHAT);
    assertThat(FrontDoor.resolve("GET", "/v1beta/models", NO_HEADERS, false).format()).isEqualTo(WireFormat.GEMINI);
  }

  @ParameterizedTest
  @CsvSource({
      "POST, /v1/messages/batches, ANTHROPIC_MESSAGES",
      "GET, /v1/messages, ANTHROPIC_MESSAGES",
      "GET, /v1/responses, OPENAI_RESPONSES",
      "POST, /v1/chat/whatever, OPENAI_CHAT",
      "POST, /v1/embeddings, OPENAI_CHAT",
      "POST, /v1beta/models/x:embedContent, GEMINI",
      "POST, /v1beta/models/x%zz:generateContent, GEMINI",
      "POST, /v1/models/no-method, GEMINI",
  })
  void anythingElseIsNotFoundInTheProtocolThePathBelongsTo(String method, String path, WireFormat format) {
    FrontDoor door = FrontDoor.resolve(method, path, NO_HEADERS, false);
    assertThat(door.kind()).isEqualTo(FrontDoor.Kind.NOT_FOUND);
    assertThat(door.format()).isEqualTo(format);
  }
}
