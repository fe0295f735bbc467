package dev.llmrouter.adapters.http;

import dev.llmrouter.adapters.codec.ErrorMapping;
import dev.llmrouter.api.Secret;
import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.spi.WireCodec;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.function.Function;
import okhttp3.Response;
import okio.Buffer;
import okio.BufferedSource;

/** Turns what can go wrong on the wire into typed exceptions naming the provider and nothing secret. */
final class UpstreamFailures {
  /** Error bodies are read up to this size: enough for any error envelope, bounded against a hostile upstream. */
  static final int MAX_ERROR_BODY = 64 * 1024;

  private UpstreamFailures() {}

  /**
   * A transport failure. Timeouts (socket read or connect, the call's deadline) become
   * {@link ErrorKind#TIMEOUT}; everything else (refused, reset, closed, TLS, DNS) {@link ErrorKind#CONNECTION}.
   * The message holds OkHttp's, which names at most a host and port, never a query or a header.
   *
   * @param stage what was under way, e.g. {@code "request"} or {@code "stream"}
   */
  static LlmException fromIo(String provider, String stage, IOException e) {
    boolean interrupted = e instanceof InterruptedIOException && "interrupted".equals(e.getMessage());
    if (interrupted) {
      Thread.currentThread().interrupt(); // Okio cleared the flag when it noticed
    }
    boolean timeout = e instanceof InterruptedIOException && !interrupted;
    String what = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    String message = "provider '" + provider + "': " + stage + (timeout ? " timed out (" : " failed (") + what + ")";
    return LlmException.builder(timeout ? ErrorKind.TIMEOUT : ErrorKind.CONNECTION, message)
        .provider(provider)
        .cause(e)
        .build();
  }

  /**
   * An answer with an error status, decoded by the codec from its status, headers and (bounded) body;
   * the caller closes the response.
   */
  static LlmException fromStatus(String provider, Secret key, WireCodec codec, Response response)
      throws IOException {
    int status = response.code();
    byte[] body = readBounded(response.body().source());
    Function<String, String> headers = name -> {
      List<String> values = response.headers(name);
      return values.isEmpty() ? null : values.get(0);
    };
    LlmException decoded;
    try {
      decoded = codec.decodeError(status, headers, body);
    } catch (RuntimeException codecFailure) {
      // an HTML page from a load balancer must still reach the retry logic as a typed, retryable error
      decoded = LlmException.builder(ErrorMapping.kindForStatus(status), ErrorMapping.safeMessage(null, status))
          .retryAfter(ErrorMapping.retryAfter(headers))
          .build();
    }
    if (decoded.upstreamStatus() == 0) {
      decoded = decoded.toBuilder().upstreamStatus(status).build();
    }
    return attribute(decoded, provider, key);
  }

  /**
   * The exception with this provider's name when it has none, and with the attempt's key replaced by
   * its fingerprint wherever an upstream echoed it (some servers quote the rejected key in a 401).
   */
  static LlmException attribute(LlmException e, String provider, Secret key) {
    String message = e.getMessage();
    boolean echoed = key != null && message.contains(key.reveal());
    if (!echoed) {
      return e.provider() != null ? e : e.toBuilder().provider(provider).build();
    }
    // the cause is dropped: it could carry the same text
    return LlmException.builder(e.kind(), message.replace(key.reveal(), key.fingerprint()))
        .provider(e.provider() != null ? e.provider() : provider)
        .upstreamStatus(e.upstreamStatus())
        .upstreamType(e.upstreamType())
        .upstreamCode(e.upstreamCode())
        .retryAfter(e.retryAfter())
        .build();
  }

  private static byte[] readBounded(BufferedSource source) throws IOException {
    source.request(MAX_ERROR_BODY);
    Buffer buffer = source.getBuffer();
    return buffer.readByteArray(Math.min(buffer.size(), MAX_ERROR_BODY));
  }
}
