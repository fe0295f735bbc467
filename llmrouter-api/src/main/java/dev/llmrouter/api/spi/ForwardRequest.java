package dev.llmrouter.api.spi;

import dev.llmrouter.api.NativeRequest;
import dev.llmrouter.api.model.ChatRequest;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A client's request to forward unchanged to an upstream of the same wire format ("passthrough"):
 * only the model is replaced, so tool-argument fragments, signatures and unknown fields stay
 * byte-for-byte.
 *
 * <p>The router does not decode a passthrough body unless something needs it: {@link #request()}
 * decodes it on first use. An adapter that only forwards reads {@link #upstreamModel()},
 * {@link #stream()} and {@link #body()}.
 */
public final class ForwardRequest {
  private final String upstreamModel;
  private final boolean stream;
  private final byte[] body;
  private final NativeRequest.Operation operation;
  private final Map<String, String> clientHeaders;
  private Supplier<ChatRequest> decoder;
  private ChatRequest request;

  /**
   * @param request the client's request as decoded, with {@code model()} already the upstream's model
   *     name and {@code stream()} what the client asked for; the adapter sends {@code body}, not this
   * @param body the client's body as received
   * @param operation generate or count tokens
   * @param clientHeaders the client's headers (lower-case names); the adapter forwards only those its
   *     protocol defines (e.g. {@code anthropic-beta}), never credentials
   */
  public ForwardRequest(
      ChatRequest request, byte[] body, NativeRequest.Operation operation, Map<String, String> clientHeaders) {
    this(Objects.requireNonNull(request, "request").model(), request.stream(), null, body, operation, clientHeaders);
    this.request = request;
  }

  private ForwardRequest(String upstreamModel, boolean stream, Supplier<ChatRequest> decoder, byte[] body,
      NativeRequest.Operation operation, Map<String, String> clientHeaders) {
    this.upstreamModel = Objects.requireNonNull(upstreamModel, "upstreamModel");
    this.stream = stream;
    this.decoder = decoder;
    this.body = Objects.requireNonNull(body, "body");
    this.operation = Objects.requireNonNull(operation, "operation");
    this.clientHeaders = clientHeaders == null ? Map.of() : Map.copyOf(clientHeaders);
  }

  /**
   * A forward whose canonical request is decoded only when {@link #request()} is first called.
   *
   * @param decoder the client's request as decoded, with the model already {@code upstreamModel}; may
   *     throw {@link dev.llmrouter.api.error.LlmException} for a body it cannot read
   */
  public static ForwardRequest lazy(String upstreamModel, boolean stream, Supplier<ChatRequest> decoder, byte[] body,
      NativeRequest.Operation operation, Map<String, String> clientHeaders) {
    return new ForwardRequest(upstreamModel, stream, Objects.requireNonNull(decoder, "decoder"), body, operation,
        clientHeaders);
  }

  /**
   * The client's request as decoded, with {@code model()} the upstream's model name; decoded on first
   * call when the router had no need of it.
   *
   * @throws dev.llmrouter.api.error.LlmException when the body cannot be decoded
   */
  public synchronized ChatRequest request() {
    if (request == null) {
      request = decoder.get();
      decoder = null;
    }
    return request;
  }

  /** The client's body as received. */
  public byte[] body() {
    return body;
  }

  public NativeRequest.Operation operation() {
    return operation;
  }

  /** The client's headers (lower-case names). */
  public Map<String, String> clientHeaders() {
    return clientHeaders;
  }

  /** The model to ask the upstream for. */
  public String upstreamModel() {
    return upstreamModel;
  }

  /** Whether the client asked for a stream. */
  public boolean stream() {
    return stream;
  }

  /** Shows the route, never the body. */
  @Override
  public String toString() {
    return "ForwardRequest{upstreamModel=" + upstreamModel + ", stream=" + stream + ", operation=" + operation
        + ", body=" + body.length + " bytes}";
  }
}
