package dev.llmrouter.core.resilience;

import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;

/**
 * The stock {@link ErrorClassifier}. The upstream status decides first, because it is what the
 * provider meant; the error kind decides when there is no status (connection failures, timeouts,
 * errors raised inside a stream):
 *
 * <table>
 *   <caption>verdicts</caption>
 *   <tr><th>status</th><th>kind</th><th>verdict</th></tr>
 *   <tr><td>408, 500, 502, 503, 504, 529, other 5xx</td><td>connection, timeout, upstream server, overloaded</td><td>RETRYABLE</td></tr>
 *   <tr><td>429</td><td>rate limited</td><td>KEY_RATE_LIMITED (KEY_REJECTED when the code says the quota is exhausted)</td></tr>
 *   <tr><td>401, 403</td><td>authentication, permission denied</td><td>KEY_REJECTED</td></tr>
 *   <tr><td>400, 404, 413, 422, other 4xx</td><td>bad request, not found</td><td>CALLER_ERROR</td></tr>
 *   <tr><td>any</td><td>context window exceeded / content policy</td><td>CONTEXT_WINDOW_EXCEEDED / CONTENT_POLICY</td></tr>
 * </table>
 */
public final class DefaultErrorClassifier implements ErrorClassifier {
  static final DefaultErrorClassifier INSTANCE = new DefaultErrorClassifier();

  public DefaultErrorClassifier() {}

  @Override
  public Verdict classify(LlmException error) {
    switch (error.kind()) {
      case CONTEXT_WINDOW_EXCEEDED:
        return Verdict.CONTEXT_WINDOW_EXCEEDED;
      case CONTENT_POLICY:
        return Verdict.CONTENT_POLICY;
      default:
        break;
    }
    int status = error.upstreamStatus();
    if (status == 429 || (status == 0 && error.kind() == ErrorKind.RATE_LIMITED)) {
      return quotaExhausted(error) ? Verdict.KEY_REJECTED : Verdict.KEY_RATE_LIMITED;
    }
    if (status == 408 || status >= 500) {
      return Verdict.RETRYABLE;
    }
    if (status == 401 || status == 403) {
      return Verdict.KEY_REJECTED;
    }
    if (status >= 400) {
      return Verdict.CALLER_ERROR;
    }
    switch (error.kind()) {
      case AUTHENTICATION:
      case PERMISSION_DENIED:
        return Verdict.KEY_REJECTED;
      case BAD_REQUEST:
      case NOT_FOUND:
        return Verdict.CALLER_ERROR;
      default:
        return Verdict.RETRYABLE;
    }
  }

  /** OpenAI answers an unpaid bill with 429 {@code insufficient_quota}: waiting does not help, another key might. */
  private static boolean quotaExhausted(LlmException error) {
    return "insufficient_quota".equals(error.upstreamCode()) || "insufficient_quota".equals(error.upstreamType());
  }
}
