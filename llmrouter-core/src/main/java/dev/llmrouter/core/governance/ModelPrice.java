package dev.llmrouter.core.governance;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What a model costs, in USD per million tokens.
 *
 * @param input uncached input
 * @param output output (the non-reasoning part)
 * @param cacheRead input read from the provider's prompt cache
 * @param cacheWrite input written to the provider's prompt cache
 * @param reasoning reasoning (thinking) tokens, usually the output price
 * @param effective the date the price was taken or took effect
 */
public record ModelPrice(double input, double output, double cacheRead, double cacheWrite, double reasoning,
    LocalDate effective) {
  public ModelPrice {
    requirePrice(input, "input");
    requirePrice(output, "output");
    requirePrice(cacheRead, "cacheRead");
    requirePrice(cacheWrite, "cacheWrite");
    requirePrice(reasoning, "reasoning");
    Objects.requireNonNull(effective, "effective");
  }

  /** Input and output prices only: cache reads and writes at the input price, reasoning at the output price. */
  public static ModelPrice of(double input, double output, LocalDate effective) {
    return new ModelPrice(input, output, input, input, output, effective);
  }

  private static void requirePrice(double value, String name) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " price must be a non-negative number: " + value);
    }
  }
}
