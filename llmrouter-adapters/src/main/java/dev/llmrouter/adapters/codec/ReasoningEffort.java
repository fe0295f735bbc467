package dev.llmrouter.adapters.codec;

/**
 * The one table between reasoning effort words (OpenAI {@code reasoning_effort} and
 * {@code reasoning.effort}, Anthropic {@code output_config.effort}, Gemini {@code thinkingLevel}) and
 * thinking-token budgets (Anthropic {@code budget_tokens}, Gemini 2.x {@code thinkingBudget}),
 * protocols README §8.0 "Reasoning effort ↔ budget", with LiteLLM's defaults.
 */
public final class ReasoningEffort {
  private ReasoningEffort() {}

  /** The budget an effort word stands for; an unknown or absent word counts as {@code medium}. */
  public static int budgetFor(String effort) {
    if (effort == null) {
      return 2048;
    }
    switch (effort) {
      case "minimal":
        return 128;
      case "low":
        return 1024;
      case "high":
        return 4096;
      case "xhigh":
        return 8192;
      case "max":
        return 16384;
      default:
        return 2048;
    }
  }

  /** The effort word closest to a budget: up to 1024 {@code low}, up to 2048 {@code medium}, else {@code high}. */
  public static String effortFor(int budget) {
    return budget <= 1024 ? "low" : budget <= 2048 ? "medium" : "high";
  }
}
