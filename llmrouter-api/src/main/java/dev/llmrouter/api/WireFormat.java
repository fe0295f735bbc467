package dev.llmrouter.api;

/**
 * The four wire protocols llmrouter speaks, on both sides: what a client sends (front door) and what
 * an upstream provider expects.
 */
public enum WireFormat {
  /** Anthropic Messages: {@code POST /v1/messages}. */
  ANTHROPIC_MESSAGES("anthropic"),
  /** OpenAI Chat Completions: {@code POST /v1/chat/completions}, also every OpenAI-compatible server. */
  OPENAI_CHAT("openai-chat"),
  /** OpenAI Responses: {@code POST /v1/responses} (Codex CLI). */
  OPENAI_RESPONSES("openai-responses"),
  /** Google Gemini: {@code POST /v1beta/models/{model}:generateContent} and friends. */
  GEMINI("gemini");

  private final String id;

  WireFormat(String id) {
    this.id = id;
  }

  /** Short stable name used in configuration files and telemetry, e.g. {@code "openai-chat"}. */
  public String id() {
    return id;
  }

  /**
   * Parses {@link #id()} or the enum constant name, case-insensitively.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static WireFormat fromId(String value) {
    for (WireFormat format : values()) {
      if (format.id.equalsIgnoreCase(value) || format.name().equalsIgnoreCase(value)) {
        return format;
      }
    }
    throw new IllegalArgumentException(
        "unknown wire format '" + value + "'; expected one of anthropic, openai-chat, openai-responses, gemini");
  }
}
