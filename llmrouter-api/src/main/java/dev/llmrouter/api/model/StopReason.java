package dev.llmrouter.api.model;

import java.util.Objects;

/**
 * Why the model stopped, as a kind every protocol can map, with the provider's own value kept.
 *
 * @param kind the canonical kind
 * @param raw the provider's value (e.g. {@code "end_turn"}, {@code "tool_calls"}, {@code "SAFETY"}),
 *     or {@code null} when the router made it up
 */
public record StopReason(Kind kind, String raw) {
  public enum Kind {
    END_TURN,
    TOOL_USE,
    STOP_SEQUENCE,
    MAX_TOKENS,
    /** Refusal or content filter (Anthropic {@code refusal}, OpenAI {@code content_filter}, Gemini {@code SAFETY}…). */
    CONTENT_FILTER,
    /** Anthropic {@code model_context_window_exceeded}. */
    CONTEXT_WINDOW_EXCEEDED,
    /** Anthropic {@code pause_turn}. */
    PAUSE_TURN,
    /** The model failed (Responses {@code failed}, Gemini {@code MALFORMED_FUNCTION_CALL}…). */
    ERROR,
    OTHER
  }

  public StopReason {
    Objects.requireNonNull(kind, "kind");
  }

  public static StopReason of(Kind kind) {
    return new StopReason(kind, null);
  }

  public static StopReason of(Kind kind, String raw) {
    return new StopReason(kind, raw);
  }
}
