package dev.llmrouter.core.governance;

import dev.llmrouter.api.model.Usage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Model prices: the bundled table ({@link #bundled()}, from {@code prices.csv} beside this class,
 * current OpenAI, Anthropic and Google models) and any entries added or overridden in code.
 *
 * <p>A model is looked up as {@code provider/model}, then as the bare model, then as a known model
 * followed by a snapshot suffix ({@code -20250929}, {@code -2025-08-07}, {@code -latest}, {@code @…}),
 * so {@code claude-sonnet-4-5-20250929} costs what {@code claude-sonnet-4-5} costs. Nothing else
 * matches loosely: {@code gpt-5-pro} is not priced as {@code gpt-5}. Immutable.
 */
public final class PriceTable {
  private static final Pattern SNAPSHOT = Pattern.compile("(-\\d{8}|-\\d{4}-\\d{2}-\\d{2}|-latest|-v\\d[\\w.:-]*|@.*)");
  private static final PriceTable BUNDLED = load();

  private final Map<String, ModelPrice> prices;

  private PriceTable(Map<String, ModelPrice> prices) {
    this.prices = Map.copyOf(prices);
  }

  /** The table shipped with llmrouter; its date is each entry's {@link ModelPrice#effective()}. */
  public static PriceTable bundled() {
    return BUNDLED;
  }

  /** A table with no entries. */
  public static PriceTable empty() {
    return new PriceTable(Map.of());
  }

  /** This table with {@code model} (bare or {@code provider/model}) priced at {@code price}, replacing any entry. */
  public PriceTable with(String model, ModelPrice price) {
    Objects.requireNonNull(price, "price");
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("model must not be blank");
    }
    Map<String, ModelPrice> copy = new LinkedHashMap<>(prices);
    copy.put(model, price);
    return new PriceTable(copy);
  }

  /** This table with every entry of {@code other} added, replacing its own. */
  public PriceTable with(PriceTable other) {
    Map<String, ModelPrice> copy = new LinkedHashMap<>(prices);
    copy.putAll(other.prices);
    return new PriceTable(copy);
  }

  /** Parses a table in the format of the bundled one (see {@code prices.csv}). */
  public static PriceTable parse(InputStream csv, String source) {
    Map<String, ModelPrice> entries = new LinkedHashMap<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(csv, StandardCharsets.UTF_8))) {
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
          continue;
        }
        String[] cells = trimmed.split(",", -1);
        if (cells.length != 7) {
          throw new IllegalArgumentException(source + " line " + number + ": expected 7 columns, got " + cells.length);
        }
        try {
          entries.put(cells[0].strip(), new ModelPrice(number(cells[1]), number(cells[2]), number(cells[3]),
              number(cells[4]), number(cells[5]), LocalDate.parse(cells[6].strip())));
        } catch (NumberFormatException | DateTimeParseException e) {
          throw new IllegalArgumentException(source + " line " + number + ": " + e.getMessage(), e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source, e);
    }
    return new PriceTable(entries);
  }

  private static double number(String cell) {
    return Double.parseDouble(cell.strip());
  }

  private static PriceTable load() {
    try (InputStream in = PriceTable.class.getResourceAsStream("prices.csv")) {
      if (in == null) {
        throw new IllegalStateException("prices.csv is missing from llmrouter-core");
      }
      return parse(in, "prices.csv");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The price of {@code model} as served by {@code provider} ({@code null} for any provider). */
  public Optional<ModelPrice> find(String provider, String model) {
    if (model == null) {
      return Optional.empty();
    }
    if (provider != null) {
      ModelPrice qualified = prices.get(provider + "/" + model);
      if (qualified != null) {
        return Optional.of(qualified);
      }
    }
    ModelPrice bare = prices.get(model);
    if (bare != null) {
      return Optional.of(bare);
    }
    String base = null;
    for (String known : prices.keySet()) {
      String name = known.substring(known.indexOf('/') + 1);
      boolean applies = known.indexOf('/') < 0 || (provider != null && known.startsWith(provider + "/"));
      if (applies && model.startsWith(name) && SNAPSHOT.matcher(model.substring(name.length())).matches()
          && (base == null || known.length() > base.length())) {
        base = known;
      }
    }
    return base == null ? Optional.empty() : Optional.of(prices.get(base));
  }

  /** The cost of {@code usage} on {@code model}; zero and {@linkplain Cost#priced() unpriced} for an unknown model. */
  public Cost cost(String provider, String model, Usage usage) {
    Optional<ModelPrice> price = find(provider, model);
    if (price.isEmpty()) {
      return new Cost(0, false, usage.estimated());
    }
    ModelPrice p = price.get();
    long reasoning = Math.min(usage.reasoningTokens(), usage.outputTokens());
    double usd = (usage.inputTokens() * p.input() + usage.cacheReadTokens() * p.cacheRead()
        + usage.cacheWriteTokens() * p.cacheWrite() + (usage.outputTokens() - reasoning) * p.output()
        + reasoning * p.reasoning()) / 1_000_000.0;
    return new Cost(Cost.nanosOf(usd), true, usage.estimated());
  }

  /**
   * A blended price in USD per million tokens (a quarter input, three quarters output), to rank
   * deployments; {@code Double.POSITIVE_INFINITY} for an unknown model.
   */
  public double blendedPrice(String provider, String model) {
    return find(provider, model).map(p -> 0.25 * p.input() + 0.75 * p.output()).orElse(Double.POSITIVE_INFINITY);
  }

  public int size() {
    return prices.size();
  }

  @Override
  public String toString() {
    return "PriceTable{" + prices.size() + " models}";
  }
}
