package dev.llmrouter.core.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.api.Secret;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedactorTest {
  private static final Secret KEY = Secret.of("sk-proj-abcdefghijklmnop");
  private static final Secret LONGER = Secret.of("sk-proj-abcdefghijklmnop-and-more");
  private final Redactor redactor = new Redactor(List.of(KEY, LONGER, Secret.of("short")));

  @Test
  void aConfiguredKeyBecomesItsFingerprintAndALongerOneIsMaskedWhole() {
    assertThat(redactor.redact("used " + KEY.reveal() + " and " + LONGER.reveal()))
        .isEqualTo("used [" + KEY.fingerprint() + "] and [" + LONGER.fingerprint() + "]");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "Authorization: Bearer unknown-token-123456",
      "authorization=Basic dXNlcjpwYXNzd29yZA==",
      "{\"x-api-key\": \"unknown-token-123456\"}",
      "x-goog-api-key: unknown-token-123456",
      "?api_key=unknown-token-123456&x=1",
      "the header was bearer unknown-token-123456 ok",
      "PROXY-AUTHORIZATION: BEARER unknown-token-123456",
      "ApiKey=unknown-token-123456",
      "BeArEr unknown-token-123456"})
  void whateverFollowsACredentialNameIsMasked(String text) {
    String redacted = redactor.redact(text);
    assertThat(redacted).doesNotContain("unknown-token-123456").doesNotContain("dXNlcjpwYXNzd29yZA==")
        .contains("[redacted]");
  }

  @Test
  void ordinaryTextAndShortValuesAreLeftAlone() {
    assertThat(redactor.redact("a short answer about keys and tokens")).isEqualTo("a short answer about keys and tokens");
    assertThat(redactor.redact(null)).isNull();
  }

  /** The cheap check that skips the pattern never skips a text the pattern would change. */
  @ParameterizedTest
  @ValueSource(strings = {"claude-sonnet-4-6", "gpt-5.4-mini", "a key to the api", "Authorization", "BEARER", "x"})
  void thePrecheckSaysNoOnlyWhenThePatternCannotMatch(String text) {
    boolean changed = !redactor.redact(text + " unknown-token-123456").equals(text + " unknown-token-123456");
    assertThat(!changed || Redactor.mayHoldCredential(text + " unknown-token-123456")).isTrue();
    assertThat(Redactor.mayHoldCredential("claude-sonnet-4-6")).isFalse();
  }
}
