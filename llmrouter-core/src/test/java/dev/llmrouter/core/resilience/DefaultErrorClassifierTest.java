package dev.llmrouter.core.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.core.resilience.ErrorClassifier.Verdict;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DefaultErrorClassifierTest {

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of(ErrorKind.CONNECTION, 0, null, Verdict.RETRYABLE),
        Arguments.of(ErrorKind.TIMEOUT, 0, null, Verdict.RETRYABLE),
        Arguments.of(ErrorKind.TIMEOUT, 408, null, Verdict.RETRYABLE),
        Arguments.of(ErrorKind.BAD_REQUEST, 408, null, Verdict.RETRYABLE),
        Arguments.of(ErrorKind.RATE_LIMITED, 429, null, Verdict.KEY_RATE_LIMITED),
        Arguments.of(ErrorKind.RATE_LIMITED, 429, "insufficient_quota", Verdict.KEY_REJECTED),
        Arguments.of(ErrorKind.UPSTREAM_SERVER, 500, null, Verdict.RETRYABLE),
        Arguments.of(ErrorKind.UPSTREAM_SERVER, 502, null, Verdict.RETRYABLE),
        Arguments.of(ErrorKind.OVERLOADED, 503, null, Verdict.RETRYABLE),
        Arguments.of(ErrorKind.TIMEOUT, 504, null, Verdict.RETRYABLE),
        Arguments.of(ErrorKind.OVERLOADED, 529, null, Verdict.RETRYABLE),
        Arguments.of(ErrorKind.OVERLOADED, 0, null, Verdict.RETRYABLE),
        Arguments.of(ErrorKind.BAD_REQUEST, 400, null, Verdict.CALLER_ERROR),
        Arguments.of(ErrorKind.AUTHENTICATION, 401, null, Verdict.KEY_REJECTED),
        Arguments.of(ErrorKind.PERMISSION_DENIED, 403, null, Verdict.KEY_REJECTED),
        Arguments.of(ErrorKind.NOT_FOUND, 404, null, Verdict.CALLER_ERROR),
        Arguments.of(ErrorKind.BAD_REQUEST, 413, null, Verdict.CALLER_ERROR),
        Arguments.of(ErrorKind.BAD_REQUEST, 422, null, Verdict.CALLER_ERROR),
        Arguments.of(ErrorKind.CONTEXT_WINDOW_EXCEEDED, 400, "context_length_exceeded", Verdict.CONTEXT_WINDOW_EXCEEDED),
        Arguments.of(ErrorKind.CONTENT_POLICY, 400, null, Verdict.CONTENT_POLICY),
        Arguments.of(ErrorKind.BAD_REQUEST, 0, null, Verdict.CALLER_ERROR));
  }

  @ParameterizedTest(name = "{0} {1} {2} -> {3}")
  @MethodSource("failures")
  void classifiesByStatusThenKind(ErrorKind kind, int status, String code, Verdict expected) {
    LlmException error = LlmException.builder(kind, "x").upstreamStatus(status).upstreamCode(code).build();
    assertThat(ErrorClassifier.defaults().classify(error)).isEqualTo(expected);
  }
}
