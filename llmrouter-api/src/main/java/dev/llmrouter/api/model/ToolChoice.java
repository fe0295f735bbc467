package dev.llmrouter.api.model;

import java.util.Objects;

/**
 * How the model may use tools.
 *
 * @param mode auto, any (must call some tool), none, or one named tool
 * @param toolName the tool for {@link Mode#TOOL}
 */
public record ToolChoice(Mode mode, String toolName) {
  public enum Mode {
    AUTO,
    /** Anthropic {@code any}, OpenAI {@code required}, Gemini {@code ANY}. */
    ANY,
    NONE,
    TOOL
  }

  public ToolChoice {
    Objects.requireNonNull(mode, "mode");
    if (mode == Mode.TOOL && toolName == null) {
      throw new IllegalArgumentException("tool choice TOOL needs a tool name");
    }
  }

  public static ToolChoice auto() {
    return new ToolChoice(Mode.AUTO, null);
  }

  public static ToolChoice any() {
    return new ToolChoice(Mode.ANY, null);
  }

  public static ToolChoice none() {
    return new ToolChoice(Mode.NONE, null);
  }

  public static ToolChoice tool(String name) {
    return new ToolChoice(Mode.TOOL, name);
  }
}
