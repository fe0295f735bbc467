package dev.llmrouter.api.spi;

import dev.llmrouter.api.NativeRequest;
import dev.llmrouter.api.model.ChatRequest;
import java.util.Map;
import java.util.Objects;

/**
 * A client's request to forward unchanged to an upstream of the same wire format ("passthrough"):
 * only the model is replaced, so tool-argument fragments, signatures and unknown fields stay
 * byte-for-byte.
 *
 * @param request the client's request as decoded, with {@code model()} already the upstream's model
 *     name and {@code stream()} what the client asked for; the adapter sends {@code body}, not this
 * @param body the client's body as received
 * @param operation generate or count tokens
 * @param clientHeaders the client's headers (lower-case names); the adapter forwards only those its
 *     protocol defines (e.g. {@code anthropic-beta}), never credentials
 */
public record ForwardRequest(
    ChatRequest request, byte[] body, NativeRequest.Operation operation, Map<String, String> clientHeaders) {
  public ForwardRequest {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(operation, "operation");
    clientHeaders = clientHeaders == null ? Map.of() : Map.copyOf(clientHeaders);
  }

  /** The model to ask the upstream for. */
  public String upstreamModel() {
    return request.model();
  }

  /** Whether the client asked for a stream. */
  public boolean stream() {
    return request.stream();
  }
}
