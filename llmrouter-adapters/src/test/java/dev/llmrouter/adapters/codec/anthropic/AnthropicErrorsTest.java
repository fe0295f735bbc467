package dev.llmrouter.adapters.codec.anthropic;

import static dev.llmrouter.adapters.codec.anthropic.StreamSupport.CODEC;
import static dev.llmrouter.adapters.codec.anthropic.StreamSupport.tree;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.spi.EncodedError;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Errors both ways: an Anthropic upstream's answers typed, and any error spelled for an Anthropic client. */
class AnthropicErrorsTest {

  private static LlmException decode(int status, String body, Map<String, String> headers) {
    return CODEC.decodeError(status, headers::get, body.getBytes(StandardCharsets.UTF_8));
  }

  private static String envelope(String type, String message) {
    return "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message + "\"},\"request_id\":\"req_1\"}";
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "400, invalid_request_error, messages: text content blocks must be non-empty, BAD_REQUEST",
    "400, invalid_request_error, prompt is too long: 210000 tokens > 200000 maximum, CONTEXT_WINDOW_EXCEEDED",
    "400, invalid_request_error, Output blocked by content filtering policy, CONTENT_POLICY",
    "401, authentication_error, invalid x-api-key, AUTHENTICATION",
    "402, billing_error, credit balance too low, PERMISSION_DENIED",
    "403, permission_error, no access, PERMISSION_DENIED",
    "404, not_found_error, model: claude-x, NOT_FOUND",
    "413, request_too_large, Request exceeds the maximum size, BAD_REQUEST",
    "429, rate_limit_error, slow down, RATE_LIMITED",
    "500, api_error, Internal server error, UPSTREAM_SERVER",
    "504, timeout_error, deadline, TIMEOUT",
    "529, overloaded_error, Overloaded, OVERLOADED",
  })
  void upstreamErrorTypesMapToKinds(int status, String type, String message, ErrorKind kind) {
    LlmException error = decode(status, envelope(type, message), Map.of());

    assertThat(error.kind()).isEqualTo(kind);
    assertThat(error.httpStatus()).isEqualTo(status);
    assertThat(error.upstreamType()).isEqualTo(type);
    assertThat(error.getMessage()).isEqualTo(message);
  }

  @Test
  void bodiesThatAreNotAnthropicFallBackToTheStatus() {
    LlmException gateway = decode(502, "<html><body>Bad Gateway</body></html>", Map.of());
    assertThat(gateway.kind()).isEqualTo(ErrorKind.UPSTREAM_SERVER);
    assertThat(gateway.getMessage()).isEqualTo("upstream answered HTTP 502");

    assertThat(decode(529, "", Map.of()).kind()).isEqualTo(ErrorKind.OVERLOADED);
    assertThat(decode(400, "{\"error\":{\"message\":\"prompt is too long\"}}", Map.of()).kind())
        .isEqualTo(ErrorKind.CONTEXT_WINDOW_EXCEEDED);
  }

  @Test
  void retryAfterComesFromEitherHeader() {
    assertThat(decode(429, envelope("rate_limit_error", "x"), Map.of("retry-after-ms", "1500")).retryAfter())
        .isEqualTo(Duration.ofMillis(1500));
    assertThat(decode(529, envelope("overloaded_error", "x"), Map.of("retry-after", "3")).retryAfter())
        .isEqualTo(Duration.ofSeconds(3));
  }

  @ParameterizedTest(name = "{0} -> {1} {2}")
  @CsvSource({
    "BAD_REQUEST, 400, invalid_request_error",
    "CONTEXT_WINDOW_EXCEEDED, 400, invalid_request_error",
    "CONTENT_POLICY, 400, invalid_request_error",
    "AUTHENTICATION, 401, authentication_error",
    "PERMISSION_DENIED, 403, permission_error",
    "NOT_FOUND, 404, not_found_error",
    "RATE_LIMITED, 429, rate_limit_error",
    "OVERLOADED, 529, overloaded_error",
    "UPSTREAM_SERVER, 500, api_error",
    "TIMEOUT, 504, timeout_error",
    "CONNECTION, 502, api_error",
  })
  void everyKindHasItsAnthropicStatusAndType(ErrorKind kind, int status, String type) {
    // upstream status and type of another format, as a Gemini or OpenAI upstream would leave them
    EncodedError encoded = CODEC.encodeError(
        LlmException.builder(kind, "prompt is too long for the model").upstreamStatus(400).upstreamType("INVALID_ARGUMENT").build());

    assertThat(encoded.status()).isEqualTo(status);
    assertThat(tree(encoded.body()).path("type").asString()).isEqualTo("error");
    assertThat(tree(encoded.body()).path("error").path("type").asString()).isEqualTo(type);
    assertThat(encoded.headers()).doesNotContainKey("retry-after");
  }

  @Test
  void contextWindowErrorsCarryTheWordsClaudeCodeLooksFor() {
    EncodedError encoded = CODEC.encodeError(LlmException.builder(
        ErrorKind.CONTEXT_WINDOW_EXCEEDED, "This model's maximum context length is 128000 tokens").upstreamStatus(400).build());

    assertThat(tree(encoded.body()).path("error").path("message").asString())
        .isEqualTo("prompt is too long: This model's maximum context length is 128000 tokens");
  }

  @Test
  void retryAfterIsWrittenInWholeSecondsRoundedUp() {
    EncodedError encoded = CODEC.encodeError(
        LlmException.builder(ErrorKind.RATE_LIMITED, "x").retryAfter(Duration.ofMillis(1200)).build());

    assertThat(encoded.headers()).containsEntry("retry-after", "2");
  }

  @Test
  void anthropicOnlyStatusesSurviveARoundTrip() {
    LlmException tooLarge = decode(413, envelope("request_too_large", "too big"), Map.of());
    LlmException billing = decode(402, envelope("billing_error", "no credit"), Map.of());

    assertThat(CODEC.encodeError(tooLarge).status()).isEqualTo(413);
    assertThat(tree(CODEC.encodeError(tooLarge).body()).path("error").path("type").asString()).isEqualTo("request_too_large");
    assertThat(CODEC.encodeError(billing).status()).isEqualTo(402);
    assertThat(tree(CODEC.encodeError(billing).body()).path("error").path("type").asString()).isEqualTo("billing_error");
  }
}
