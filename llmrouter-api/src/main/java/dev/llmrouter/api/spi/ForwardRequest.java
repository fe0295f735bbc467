package dev.llmrouter.api.spi;

import dev.llmrouter.api.NativeRequest;
import java.util.Map;
import java.util.Objects;

/**
 * A client's request to forward unchanged to an upstream of the same wire format ("passthrough"):
 * only the model is replaced, so tool-argument fragments, signatures and unknown fields stay
 * byte-for-byte.
 *
 * @param body the client's body as received
 * @param upstreamModel the model to ask the upstream for
 * @param stream whether the client asked for a stream
 * @param operation generate or count tokens
 * @param clientHeaders the client's headers (lower-case names); the adapter forwards only those its
 *     protocol defines (e.g. {@code anthropic-beta}), never credentials
 */
public record ForwardRequest(
    byte[] body, String upstreamModel, boolean stream, NativeRequest.Operation operation, Map<String, String> clientHeaders) {
  public ForwardRequest {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(upstreamModel, "upstreamModel");
    Objects.requireNonNull(operation, "operation");
    clientHeaders = clientHeaders == null ? Map.of() : Map.copyOf(clientHeaders);
  }
}
