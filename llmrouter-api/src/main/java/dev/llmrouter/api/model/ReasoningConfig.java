package dev.llmrouter.api.model;

import java.util.Objects;

/**
 * Whether and how much the model should reason before answering.
 *
 * <p>OpenAI's {@code reasoning_effort}, Responses' {@code reasoning.effort} and Gemini's
 * {@code thinkingLevel} are {@link Mode#ENABLED} with an effort and no budget (a target that needs a
 * budget derives it from the effort); {@link Mode#ADAPTIVE} is Anthropic's own {@code adaptive} mode,
 * which only newer Claude models accept.
 *
 * @param mode enabled (with a budget, an effort, or both), Anthropic adaptive, or disabled
 * @param budgetTokens Anthropic {@code budget_tokens} / Gemini {@code thinkingBudget}; optional
 * @param effort {@code none|minimal|low|medium|high|xhigh|max}; optional
 * @param includeThoughts whether reasoning text should be returned (Gemini {@code includeThoughts},
 *     Anthropic {@code display}); optional
 * @param summary Responses {@code reasoning.summary} ({@code auto|concise|detailed}); optional
 */
public record ReasoningConfig(Mode mode, Integer budgetTokens, String effort, Boolean includeThoughts, String summary) {
  public enum Mode {
    ENABLED,
    ADAPTIVE,
    DISABLED
  }

  public ReasoningConfig {
    Objects.requireNonNull(mode, "mode");
  }

  public static ReasoningConfig budget(int budgetTokens) {
    return new ReasoningConfig(Mode.ENABLED, budgetTokens, null, null, null);
  }

  /** Reasoning on at an effort level ({@code low}, {@code medium}, {@code high}…), no explicit budget. */
  public static ReasoningConfig effort(String effort) {
    return new ReasoningConfig(Mode.ENABLED, null, effort, null, null);
  }

  /** Anthropic's adaptive thinking, guided by an effort level (optional). */
  public static ReasoningConfig adaptive(String effort) {
    return new ReasoningConfig(Mode.ADAPTIVE, null, effort, null, null);
  }

  public static ReasoningConfig disabled() {
    return new ReasoningConfig(Mode.DISABLED, null, null, null, null);
  }
}
