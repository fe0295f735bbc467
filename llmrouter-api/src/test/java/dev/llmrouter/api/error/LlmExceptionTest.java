package dev.llmrouter.api.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LlmExceptionTest {
  private static final Map<ErrorKind, Class<? extends LlmException>> TYPES = Map.ofEntries(
      Map.entry(ErrorKind.AUTHENTICATION, AuthenticationException.class),
      Map.entry(ErrorKind.PERMISSION_DENIED, PermissionDeniedException.class),
      Map.entry(ErrorKind.NOT_FOUND, NotFoundException.class),
      Map.entry(ErrorKind.BAD_REQUEST, BadRequestException.class),
      Map.entry(ErrorKind.CONTEXT_WINDOW_EXCEEDED, ContextWindowExceededException.class),
      Map.entry(ErrorKind.CONTENT_POLICY, ContentPolicyException.class),
      Map.entry(ErrorKind.RATE_LIMITED, RateLimitedException.class),
      Map.entry(ErrorKind.OVERLOADED, OverloadedException.class),
      Map.entry(ErrorKind.UPSTREAM_SERVER, UpstreamServerException.class),
      Map.entry(ErrorKind.TIMEOUT, UpstreamTimeoutException.class),
      Map.entry(ErrorKind.CONNECTION, ConnectionException.class));

  @ParameterizedTest
  @EnumSource(ErrorKind.class)
  void builderPicksTheSubclassOfEachKind(ErrorKind kind) {
    LlmException e = LlmException.builder(kind, "m").provider("p").upstreamStatus(418).build();
    assertThat(e).isExactlyInstanceOf(TYPES.get(kind));
    assertThat(e.kind()).isEqualTo(kind);
    assertThat(e.provider()).isEqualTo("p");
    assertThat(e.httpStatus()).isEqualTo(418);
    assertThat(e.toBuilder().build()).isExactlyInstanceOf(TYPES.get(kind));
  }

  @Test
  void retryAfterAndRetryabilityAreKept() {
    LlmException e = LlmException.builder(ErrorKind.RATE_LIMITED, "slow down")
        .upstreamStatus(429).upstreamType("rate_limit_error").retryAfter(Duration.ofSeconds(7)).build();
    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
    assertThat(e.retryable()).isTrue();
    assertThat(e.toString()).contains("RATE_LIMITED", "429", "rate_limit_error", "PT7S", "slow down");
    assertThat(LlmException.builder(ErrorKind.CONTEXT_WINDOW_EXCEEDED, "too long").build().retryable()).isFalse();
    assertThat(LlmException.builder(ErrorKind.OVERLOADED, "x").build().httpStatus()).isEqualTo(529);
  }
}
