package dev.llmrouter.core;

import dev.llmrouter.api.model.ChatRequest;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The request of one call as the executor routes it: the model and stream flag at once, the canonical
 * request only when something reads it. A passthrough call of {@link LlmRouter#handle} knows the first
 * two from a scan of the client's body, and decodes the body only for a translated attempt, a
 * selection strategy or listener that reads it, or a tokens-per-minute estimate.
 */
final class CallRequest {
  private final String model;
  private final boolean stream;
  private final Lazily<ChatRequest> decoded;
  private ChatRequest shell;

  private CallRequest(String model, boolean stream, Lazily<ChatRequest> decoded) {
    this.model = model;
    this.stream = stream;
    this.decoded = decoded;
  }

  static CallRequest of(ChatRequest request) {
    return new CallRequest(request.model(), request.stream(), Lazily.done(request));
  }

  /** @param decoder the whole request; its model and stream flag must be {@code model} and {@code stream} */
  static CallRequest lazy(String model, boolean stream, Supplier<ChatRequest> decoder) {
    return new CallRequest(Objects.requireNonNull(model, "model"), stream, Lazily.of(decoder));
  }

  String model() {
    return model;
  }

  boolean stream() {
    return stream;
  }

  /**
   * The canonical request, decoded on first call.
   *
   * @throws dev.llmrouter.api.error.LlmException BAD_REQUEST when the client's body cannot be decoded
   */
  ChatRequest get() {
    return decoded.get();
  }

  /** The decoded request when it is, else one with only the model and stream flag (for readers of just those). */
  ChatRequest modelAndStream() {
    ChatRequest request = decoded.ifDone();
    if (request != null) {
      return request;
    }
    if (shell == null) {
      shell = ChatRequest.builder().model(model).stream(stream).build();
    }
    return shell;
  }

  /**
   * The request for writing a late failure of a passthrough stream in the client's format: decoded when
   * it can be, else model and stream flag (the body went upstream unread; the error event is still owed).
   */
  ChatRequest forErrors() {
    try {
      return get();
    } catch (RuntimeException undecodable) {
      return modelAndStream();
    }
  }

  /** The request as it goes to a deployment: the same, with {@code upstreamModel} for the model. */
  Lazily<ChatRequest> forModel(String upstreamModel) {
    return Lazily.of(() -> {
      ChatRequest request = get();
      return request.model().equals(upstreamModel) ? request : request.toBuilder().model(upstreamModel).build();
    });
  }
}
