package dev.llmrouter.api.model;

/**
 * Who wrote a message. Tool results are {@link ToolResultBlock}s inside a {@link #USER} message, as in
 * Anthropic and Gemini; codecs for protocols with a separate tool role convert.
 */
public enum Role {
  USER,
  ASSISTANT,
  /** A system instruction that sits inside the conversation (Claude Code, Codex). */
  SYSTEM,
  /** OpenAI's {@code developer} role: a system instruction for reasoning models. */
  DEVELOPER
}
