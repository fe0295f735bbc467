package dev.llmrouter.api.model;

import java.util.Objects;

/**
 * Whether and how much the model should reason before answering.
 *
 * @param mode enabled with a budget, adaptive (the model decides, guided by effort), or disabled
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

  public static ReasoningConfig effort(String effort) {
    return new ReasoningConfig(Mode.ADAPTIVE, null, effort, null, null);
  }

  public static ReasoningConfig disabled() {
    return new ReasoningConfig(Mode.DISABLED, null, null, null, null);
  }
}
