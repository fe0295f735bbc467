package dev.llmrouter.core.governance;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The cost of a call in nano-dollars (10<sup>-9</sup> USD): whole numbers add up exactly, where
 * doubles would drift over millions of calls.
 *
 * @param nanos the cost
 * @param priced false when the model is not in the price table (the cost is then zero)
 * @param estimated true when some of the usage it was computed from was estimated by the router
 */
public record Cost(long nanos, boolean priced, boolean estimated) {
  public static final Cost ZERO = new Cost(0, true, false);

  /** The cost in USD. */
  public BigDecimal usd() {
    return BigDecimal.valueOf(nanos, 9);
  }

  static long nanosOf(double usd) {
    return Math.round(usd * 1e9);
  }

  /** Dollars to at most six decimals, at least two: {@code $100.00}, {@code $0.000935}. */
  static String format(long nanos) {
    BigDecimal usd = BigDecimal.valueOf(nanos, 9).setScale(6, RoundingMode.HALF_UP).stripTrailingZeros();
    return "$" + (usd.scale() < 2 ? usd.setScale(2) : usd).toPlainString();
  }
}
