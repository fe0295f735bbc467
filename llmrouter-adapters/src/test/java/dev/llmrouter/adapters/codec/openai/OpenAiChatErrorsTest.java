package dev.llmrouter.adapters.codec.openai;

import static dev.llmrouter.adapters.codec.openai.ChatTestSupport.CODEC;
import static dev.llmrouter.adapters.codec.openai.ChatTestSupport.bytes;
import static dev.llmrouter.adapters.codec.openai.ChatTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.spi.EncodedError;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenAiChatErrorsTest {

  private static LlmException decode(int status, String body) {
    return CODEC.decodeError(status, name -> null, bytes(body));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "400|{\"error\":{\"message\":\"too long\",\"type\":\"invalid_request_error\",\"code\":\"context_length_exceeded\"}}"
          + "|CONTEXT_WINDOW_EXCEEDED",
      "400|{\"object\":\"error\",\"message\":\"This model's maximum context length is 4096 tokens.\","
          + "\"type\":\"BadRequestError\",\"code\":400}|CONTEXT_WINDOW_EXCEEDED",
      "429|{\"error\":{\"message\":\"You exceeded your current quota\",\"type\":\"insufficient_quota\","
          + "\"code\":\"insufficient_quota\"}}|RATE_LIMITED",
      "400|{\"error\":{\"message\":\"Your request was rejected by the safety system.\","
          + "\"type\":\"invalid_request_error\",\"code\":\"content_policy_violation\"}}|CONTENT_POLICY",
      "400|{\"error\":{\"message\":\"The response was filtered due to the prompt triggering Azure OpenAI's content "
          + "management policy.\",\"type\":null,\"code\":\"content_filter\"}}|CONTENT_POLICY",
      "400|{\"error\":{\"message\":\"Invalid value for 'temperature'\",\"type\":\"invalid_request_error\"}}|BAD_REQUEST",
      "401|{\"error\":{\"message\":\"Incorrect API key\",\"code\":\"invalid_api_key\"}}|AUTHENTICATION",
      "403|{\"error\":{\"message\":\"Country not supported\"}}|PERMISSION_DENIED",
      "404|{\"error\":{\"message\":\"The model does not exist\",\"code\":\"model_not_found\"}}|NOT_FOUND",
      "500|{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}|UPSTREAM_SERVER",
      "503|{\"error\":{\"message\":\"The engine is currently overloaded\",\"type\":\"server_error\"}}|OVERLOADED",
      "504|upstream timed out|TIMEOUT",
      "502|<html>Bad Gateway</html>|UPSTREAM_SERVER",
      "400|{\"error\":\"model 'llama9' not found, try pulling it first\"}|BAD_REQUEST",
      "422|{\"detail\":\"messages: field required\"}|BAD_REQUEST",
  })
  void statusTypeCodeAndMessageGiveTheKind(int status, String body, ErrorKind kind) {
    LlmException error = decode(status, body);

    assertThat(error.kind()).isEqualTo(kind);
    assertThat(error.upstreamStatus()).isEqualTo(status);
    assertThat(error.getMessage()).isNotBlank().doesNotContain("{\"error\"");
  }

  @Test
  void quotaExhaustionKeepsItsCodeAndEncodesBackAsItself() {
    String body = "{\"error\":{\"message\":\"You exceeded your current quota\",\"type\":\"insufficient_quota\","
        + "\"param\":null,\"code\":\"insufficient_quota\"}}";
    LlmException error = decode(429, body);

    assertThat(error.upstreamCode()).isEqualTo("insufficient_quota");
    EncodedError encoded = CODEC.encodeError(error);
    assertThat(encoded.status()).isEqualTo(429);
    assertThat(json(encoded.body())).isEqualTo(json(body));
  }

  @Test
  void retryAfterMillisecondsWinOverSecondsAndMessages() {
    Map<String, String> headers = Map.of("retry-after-ms", "1500", "retry-after", "2");

    LlmException error = CODEC.decodeError(429, headers::get,
        bytes("{\"error\":{\"message\":\"Please try again in 20s.\",\"type\":\"tokens\",\"code\":\"rate_limit_exceeded\"}}"));

    assertThat(error.retryAfter()).isEqualTo(Duration.ofMillis(1500));
    assertThat(CODEC.encodeError(error).headers()).containsEntry("retry-after", "2");
  }

  @Test
  void retryAfterInMinutesAndSecondsIsReadFromTheMessage() {
    LlmException error = decode(429,
        "{\"error\":{\"message\":\"Rate limit reached. Please try again in 6m30.5s.\",\"type\":\"tokens\"}}");

    assertThat(error.retryAfter()).isEqualTo(Duration.ofMinutes(6).plusMillis(30_500));
  }

  @Test
  void keysQuotedByTheUpstreamAreRedacted() {
    LlmException error = decode(401, "{\"error\":{\"message\":\"Incorrect API key provided: sk-proj-abc123************wxyz."
        + " Sent as Bearer sk-live-9f8e7d6c5b4a.\",\"code\":\"invalid_api_key\"}}");

    assertThat(error.getMessage()).doesNotContain("sk-").doesNotContain("abc123").contains("[redacted]");
    assertThat(error.toString()).doesNotContain("sk-");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "BAD_REQUEST|422|422|invalid_request_error|",
      "CONTEXT_WINDOW_EXCEEDED|400|400|invalid_request_error|context_length_exceeded",
      "CONTENT_POLICY|400|400|invalid_request_error|content_policy_violation",
      "AUTHENTICATION|401|401|invalid_request_error|invalid_api_key",
      "PERMISSION_DENIED|403|403|invalid_request_error|",
      "NOT_FOUND|404|404|invalid_request_error|model_not_found",
      "RATE_LIMITED|429|429|requests|rate_limit_exceeded",
      "OVERLOADED|529|503|server_error|server_overloaded",
      "UPSTREAM_SERVER|502|502|server_error|",
      "UPSTREAM_SERVER|0|500|server_error|",
      "TIMEOUT|0|504|server_error|timeout",
      "CONNECTION|0|502|server_error|",
  })
  void everyKindGetsTheChatStatusAndEnvelope(ErrorKind kind, int upstreamStatus, int status, String type, String code) {
    LlmException error = LlmException.builder(kind, "it failed").upstreamStatus(upstreamStatus).build();

    EncodedError encoded = CODEC.encodeError(error);

    assertThat(encoded.status()).isEqualTo(status);
    assertThat(encoded.headers()).containsEntry("content-type", "application/json").doesNotContainKey("retry-after");
    assertThat(json(encoded.body()).get("error").get("message").stringValue()).isEqualTo("it failed");
    assertThat(json(encoded.body()).get("error").get("type").stringValue()).isEqualTo(type);
    assertThat(json(encoded.body()).get("error").get("code").asString(null)).isEqualTo(code);
  }

  @Test
  void aContextWindowErrorNamesTheMessagesParameter() {
    LlmException error = LlmException.builder(ErrorKind.CONTEXT_WINDOW_EXCEEDED, "prompt is too long").build();

    assertThat(json(CODEC.encodeError(error).body()).at("/error/param").stringValue()).isEqualTo("messages");
  }
}
