package dev.llmrouter.core.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.api.model.Usage;
import dev.llmrouter.api.spi.SelectionStrategy;
import dev.llmrouter.core.routing.SelectionStrategies;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class PriceTableTest {
  private static final LocalDate DAY = LocalDate.of(2026, 11, 23);

  @Test
  void bundledTableCoversTheThreeProvidersWithADate() {
    PriceTable bundled = PriceTable.bundled();
    assertThat(bundled.find(null, "claude-sonnet-4-6")).get()
        .satisfies(p -> {
          assertThat(p.input()).isEqualTo(3.0);
          assertThat(p.output()).isEqualTo(15.0);
          assertThat(p.cacheRead()).isEqualTo(0.30);
          assertThat(p.cacheWrite()).isEqualTo(3.75);
          assertThat(p.effective()).isEqualTo(DAY);
        });
    assertThat(bundled.find("openai", "gpt-5.4-mini")).get().extracting(ModelPrice::output).isEqualTo(4.5);
    assertThat(bundled.find("gemini", "gemini-2.5-flash")).get().extracting(ModelPrice::input).isEqualTo(0.30);
  }

  @Test
  void snapshotSuffixesResolveToTheirModelButOtherVariantsDoNot() {
    PriceTable bundled = PriceTable.bundled();
    assertThat(bundled.find(null, "claude-sonnet-4-5-20250929")).isEqualTo(bundled.find(null, "claude-sonnet-4-5"));
    assertThat(bundled.find(null, "gpt-4o-2024-08-06")).isEqualTo(bundled.find(null, "gpt-4o"));
    assertThat(bundled.find(null, "gpt-5-pro")).isEmpty();
    assertThat(bundled.find(null, "gpt-5-mini")).get().extracting(ModelPrice::input).isEqualTo(0.25);
  }

  @Test
  void costCountsEachKindOfTokenAtItsPrice() {
    PriceTable table = PriceTable.empty().with("m", new ModelPrice(1, 10, 0.1, 2, 20, DAY));
    Usage usage = Usage.builder().inputTokens(1_000_000).cacheReadTokens(1_000_000).cacheWriteTokens(1_000_000)
        .outputTokens(3_000_000).reasoningTokens(1_000_000).build();
    // 1 + 0.1 + 2 + 2M plain output × 10 + 1M reasoning × 20
    assertThat(table.cost("any", "m", usage).usd()).isEqualByComparingTo(new BigDecimal("43.1"));
    assertThat(table.cost("any", "m", usage).priced()).isTrue();
  }

  @Test
  void unknownModelCostsZeroAndIsFlagged() {
    Cost cost = PriceTable.bundled().cost("local", "llama-9", Usage.builder().inputTokens(5).outputTokens(5).build());
    assertThat(cost.nanos()).isZero();
    assertThat(cost.priced()).isFalse();
  }

  @Test
  void providerQualifiedEntriesOverrideBareOnesAndOverridesReplaceBundledPrices() {
    PriceTable table = PriceTable.bundled()
        .with("gpt-5.4", ModelPrice.of(1, 2, DAY))
        .with("azure/gpt-5.4", ModelPrice.of(3, 4, DAY));
    assertThat(table.find("openai", "gpt-5.4")).get().extracting(ModelPrice::input).isEqualTo(1.0);
    assertThat(table.find("azure", "gpt-5.4")).get().extracting(ModelPrice::input).isEqualTo(3.0);
    assertThat(table.size()).isEqualTo(PriceTable.bundled().size() + 1);
  }

  @Test
  void malformedTableNamesTheLine() {
    byte[] csv = "# comment\nm,1,2,3\n".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> PriceTable.parse(new ByteArrayInputStream(csv), "mine.csv"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mine.csv line 2");
  }

  @Test
  void lowestCostPicksTheCheapestPricedDeploymentAndUnknownLast() {
    SelectionStrategy strategy = SelectionStrategies.lowestCost();
    List<SelectionStrategy.Candidate> candidates = List.of(
        candidate("local", "llama-9"), candidate("anthropic", "claude-opus-4-6"), candidate("openai", "gpt-5.4-mini"));
    ChatRequest request = ChatRequest.builder().model("x").addMessage(Message.user("hi")).build();
    assertThat(strategy.select("g", candidates, request).upstreamModel()).isEqualTo("gpt-5.4-mini");
  }

  private static SelectionStrategy.Candidate candidate(String provider, String model) {
    return new SelectionStrategy.Candidate() {
      @Override
      public String provider() {
        return provider;
      }

      @Override
      public String upstreamModel() {
        return model;
      }

      @Override
      public int weight() {
        return 1;
      }

      @Override
      public int inFlight() {
        return 0;
      }

      @Override
      public Duration averageLatency() {
        return null;
      }

      @Override
      public Duration averageTimeToFirstToken() {
        return null;
      }

      @Override
      public long rpmLimit() {
        return 0;
      }

      @Override
      public long tpmLimit() {
        return 0;
      }

      @Override
      public long requestsLastMinute() {
        return 0;
      }

      @Override
      public long tokensLastMinute() {
        return 0;
      }
    };
  }
}
