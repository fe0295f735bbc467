package dev.llmrouter.adapters.codec.responses;

import static dev.llmrouter.adapters.codec.responses.StreamSupport.CODEC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.spi.EncodedError;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

class OpenAiResponsesErrorTest {

  private static LlmException decode(int status, Map<String, String> headers, String body) {
    return CODEC.decodeError(status, headers::get, body.getBytes(StandardCharsets.UTF_8));
  }

  private static String envelope(String type, String code, String message) {
    return "{\"error\":{\"message\":\"" + message + "\",\"type\":" + (type == null ? "null" : "\"" + type + "\"")
        + ",\"param\":null,\"code\":" + (code == null ? "null" : "\"" + code + "\"") + "}}";
  }

  @ParameterizedTest
  @CsvSource(nullValues = "-", value = {
      "400, invalid_request_error, context_length_exceeded, Your input exceeds the context window of this model., CONTEXT_WINDOW_EXCEEDED",
      "400, invalid_request_error, -, This model's maximum context length is 128000 tokens., CONTEXT_WINDOW_EXCEEDED",
      "400, invalid_request_error, invalid_prompt, Invalid prompt: your prompt was flagged as potentially violating our usage policy., CONTENT_POLICY",
      "400, invalid_request_error, -, Unknown parameter: 'foo'., BAD_REQUEST",
      "401, invalid_request_error, invalid_api_key, Incorrect API key provided., AUTHENTICATION",
      "403, -, -, Country not supported., PERMISSION_DENIED",
      "404, invalid_request_error, model_not_found, The model does not exist., NOT_FOUND",
      "429, insufficient_quota, insufficient_quota, You exceeded your current quota., RATE_LIMITED",
      "500, server_error, -, The server had an error., UPSTREAM_SERVER",
      "503, server_error, -, The engine is currently overloaded., OVERLOADED",
  })
  void upstreamErrorsMapToTheirKind(int status, String type, String code, String message, ErrorKind kind) {
    LlmException error = decode(status, Map.of(), envelope(type, code, message));
    assertThat(error.kind()).isEqualTo(kind);
    assertThat(error.httpStatus()).isEqualTo(status);
    assertThat(error.getMessage()).isEqualTo(message);
    assertThat(error.upstreamCode()).isEqualTo(code);
  }

  @Test
  void retryAfterComesFromTheHeadersElseFromTheMessage() {
    assertThat(decode(429, Map.of("retry-after-ms", "1500"), envelope("tokens", "rate_limit_exceeded", "Slow down.")).retryAfter())
        .isEqualTo(Duration.ofMillis(1500));
    assertThat(decode(429, Map.of(), envelope("tokens", "rate_limit_exceeded", "Please try again in 850ms.")).retryAfter())
        .isEqualTo(Duration.ofMillis(850));
    assertThat(decode(429, Map.of(), envelope("tokens", "rate_limit_exceeded", "Slow down.")).retryAfter()).isNull();
  }

  @Test
  void aBodyThatIsNotTheEnvelopeStillGivesAnError() {
    LlmException html = decode(502, Map.of(), "<html>Bad gateway</html>");
    assertThat(html.kind()).isEqualTo(ErrorKind.UPSTREAM_SERVER);
    assertThat(html.getMessage()).isEqualTo("upstream answered HTTP 502");
    assertThat(decode(400, Map.of(), "{\"error\":\"bad things\"}").getMessage()).isEqualTo("bad things");
  }

  @ParameterizedTest
  @CsvSource(nullValues = "-", value = {
      "BAD_REQUEST, 0, -, 400, invalid_request_error, -",
      "BAD_REQUEST, 413, -, 413, invalid_request_error, -",
      "CONTEXT_WINDOW_EXCEEDED, 400, -, 400, invalid_request_error, context_length_exceeded",
      "CONTENT_POLICY, 400, -, 400, invalid_request_error, content_policy_violation",
      "AUTHENTICATION, 401, -, 401, invalid_request_error, invalid_api_key",
      "PERMISSION_DENIED, 403, -, 403, invalid_request_error, -",
      "NOT_FOUND, 404, -, 404, invalid_request_error, model_not_found",
      "RATE_LIMITED, 429, rate_limit_error, 429, requests, rate_limit_exceeded",
      "OVERLOADED, 529, overloaded_error, 503, server_error, -",
      "UPSTREAM_SERVER, 502, api_error, 502, server_error, -",
      "TIMEOUT, 0, -, 504, server_error, -",
      "CONNECTION, 0, -, 502, server_error, -",
  })
  void everyKindGetsTheOpenAiStatusAndEnvelope(ErrorKind kind, int upstreamStatus, String upstreamType, int status, String type, String code) {
    LlmException error = LlmException.builder(kind, "something failed").upstreamStatus(upstreamStatus).upstreamType(upstreamType).build();
    EncodedError encoded = CODEC.encodeError(error);
    assertThat(encoded.status()).isEqualTo(status);
    JsonNode body = StreamSupport.json(encoded.body()).get("error");
    assertThat(body.get("message").stringValue()).isEqualTo("something failed");
    assertThat(body.get("type").stringValue()).isEqualTo(type);
    assertThat(body.get("code").isNull() ? null : body.get("code").stringValue()).isEqualTo(code);
    assertThat(body.has("param")).isTrue();
    assertThat(encoded.headers()).doesNotContainKey("retry-after");
  }

  @Test
  void retryAfterIsWrittenInWholeSeconds() {
    LlmException error = LlmException.builder(ErrorKind.RATE_LIMITED, "slow").retryAfter(Duration.ofMillis(1200)).build();
    assertThat(CODEC.encodeError(error).headers()).containsEntry("retry-after", "2");
  }

  @Test
  void aFailedWholeResponseIsAnError() {
    String failed = "{\"id\":\"resp_1\",\"status\":\"failed\",\"error\":{\"code\":\"server_error\",\"message\":\"The server had an error.\"},\"output\":[]}";
    assertThatThrownBy(() -> CODEC.decodeResponse(failed.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_SERVER))
        .hasMessage("The server had an error.");
    assertThatThrownBy(() -> CODEC.decodeResponse("{\"output\":[{\"type\":\"function_call\"}]}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_SERVER))
        .hasMessageContaining("output[0].call_id is required");
    assertThatThrownBy(() -> CODEC.decodeResponse("not json".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_SERVER));
  }
}
