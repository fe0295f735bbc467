package dev.llmrouter.adapters.codec.gemini;

import static dev.llmrouter.adapters.codec.gemini.GeminiTestSupport.CODEC;
import static dev.llmrouter.adapters.codec.gemini.GeminiTestSupport.bytes;
import static dev.llmrouter.adapters.codec.gemini.GeminiTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.spi.EncodedError;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

class GeminiErrorsTest {

  private static LlmException decode(int status, String body) {
    return CODEC.decodeError(status, h -> null, bytes(body));
  }

  private static String error(int code, String status, String message) {
    return "{\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\",\"status\":\"" + status + "\"}}";
  }

  @ParameterizedTest
  @CsvSource({
      "400, INVALID_ARGUMENT, BAD_REQUEST", "400, FAILED_PRECONDITION, BAD_REQUEST",
      "401, UNAUTHENTICATED, AUTHENTICATION", "403, PERMISSION_DENIED, PERMISSION_DENIED",
      "404, NOT_FOUND, NOT_FOUND", "429, RESOURCE_EXHAUSTED, RATE_LIMITED", "500, INTERNAL, UPSTREAM_SERVER",
      "503, UNAVAILABLE, OVERLOADED", "504, DEADLINE_EXCEEDED, TIMEOUT"})
  void statusNamesMapToKinds(int code, String status, ErrorKind kind) {
    LlmException e = decode(code, error(code, status, "m"));

    assertThat(e.kind()).isEqualTo(kind);
    assertThat(e.upstreamStatus()).isEqualTo(code);
    assertThat(e.upstreamType()).isEqualTo(status);
  }

  @Test
  void aBadApiKeyIsAnAuthenticationErrorDespiteItsStatus() {
    LlmException e = decode(400, "{\"error\":{\"code\":400,\"message\":\"API key not valid. Please pass a valid API key.\","
        + "\"status\":\"INVALID_ARGUMENT\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\","
        + "\"reason\":\"API_KEY_INVALID\",\"domain\":\"googleapis.com\"}]}}");

    assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
    assertThat(e.upstreamCode()).isEqualTo("API_KEY_INVALID");
  }

  @Test
  void aTokenLimitIsAContextWindowError() {
    LlmException e = decode(400, error(400, "INVALID_ARGUMENT",
        "The input token count (1200000) exceeds the maximum number of tokens allowed (1048576)."));

    assertThat(e.kind()).isEqualTo(ErrorKind.CONTEXT_WINDOW_EXCEEDED);
  }

  @Test
  void retryInfoWithNanosecondsAndTheMessageFallback() {
    LlmException precise = decode(429, "{\"error\":{\"code\":429,\"message\":\"q\",\"status\":\"RESOURCE_EXHAUSTED\","
        + "\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"45.837906927s\"}]}}");
    LlmException fromMessage = decode(429, error(429, "RESOURCE_EXHAUSTED", "Quota exceeded. Please retry in 58.93s."));
    LlmException fromHeader = CODEC.decodeError(429, Map.of("retry-after", "7")::get, bytes(error(429, "RESOURCE_EXHAUSTED", "q")));

    assertThat(precise.retryAfter()).isEqualTo(Duration.ofSeconds(45, 837_906_927));
    assertThat(fromMessage.retryAfter()).isEqualTo(Duration.ofMillis(58_930));
    assertThat(fromHeader.retryAfter()).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void vertexWrapsItsErrorInAnArray() {
    LlmException e = decode(404, "[" + error(404, "NOT_FOUND", "Publisher model not found") + "]");

    assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
    assertThat(e.getMessage()).isEqualTo("Publisher model not found");
  }

  @Test
  void aBodyThatIsNotGeminiJsonFallsBackOnTheStatusWithoutEchoingIt() {
    LlmException e = decode(502, "<html>upstream key sk-live-123 failed</html>");

    assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_SERVER);
    assertThat(e.getMessage()).isEqualTo("upstream answered HTTP 502").doesNotContain("sk-live");
  }

  @ParameterizedTest
  @CsvSource({
      "BAD_REQUEST, 400, INVALID_ARGUMENT", "CONTEXT_WINDOW_EXCEEDED, 400, INVALID_ARGUMENT",
      "CONTENT_POLICY, 400, INVALID_ARGUMENT", "AUTHENTICATION, 401, UNAUTHENTICATED",
      "PERMISSION_DENIED, 403, PERMISSION_DENIED", "NOT_FOUND, 404, NOT_FOUND",
      "RATE_LIMITED, 429, RESOURCE_EXHAUSTED", "OVERLOADED, 503, UNAVAILABLE", "UPSTREAM_SERVER, 500, INTERNAL",
      "TIMEOUT, 504, DEADLINE_EXCEEDED", "CONNECTION, 502, UNAVAILABLE"})
  void everyKindHasAGeminiStatus(ErrorKind kind, int status, String name) {
    EncodedError encoded = CODEC.encodeError(LlmException.builder(kind, "what went wrong").upstreamStatus(529).build());

    JsonNode error = json(encoded.body()).get("error");
    assertThat(encoded.status()).isEqualTo(status);
    assertThat(error.get("code").asInt()).isEqualTo(status);
    assertThat(error.get("status").asString()).isEqualTo(name);
    assertThat(error.get("message").asString()).isEqualTo("what went wrong");
    assertThat(error.has("details")).isFalse();
    assertThat(encoded.headers()).containsEntry("content-type", "application/json; charset=UTF-8");
  }

  @Test
  void aRateLimitTellsGeminiClientsWhenToRetry() {
    EncodedError encoded = CODEC.encodeError(
        LlmException.builder(ErrorKind.RATE_LIMITED, "slow down").retryAfter(Duration.ofSeconds(20)).build());

    assertThat(json(encoded.body()).at("/error/details/0"))
        .isEqualTo(json("{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"20s\"}"));
  }

  @Test
  void protobufDurations() {
    assertThat(GeminiErrors.protoDuration(Duration.ofSeconds(20))).isEqualTo("20s");
    assertThat(GeminiErrors.protoDuration(Duration.ofMillis(12_500))).isEqualTo("12.5s");
    assertThat(GeminiErrors.protoDuration(Duration.ofSeconds(45, 837_906_927))).isEqualTo("45.837906927s");
    assertThat(GeminiErrors.protoDuration(Duration.ZERO)).isEqualTo("0s");
  }
}
