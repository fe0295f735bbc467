package dev.llmrouter.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.api.model.Usage;
import dev.llmrouter.api.stream.ChatStream;
import dev.llmrouter.api.stream.StreamEvent;
import dev.llmrouter.core.RecordingAdapterFactory.Call;
import dev.llmrouter.core.RecordingAdapterFactory.Outcome;
import dev.llmrouter.core.resilience.RetryConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Streams: an attempt counts only once its first content was pulled, so everything before it is
 * retried; everything after it ends the stream with an error event, and nothing is sent twice.
 * The fake stream is MessageStart, BlockStart, TextDelta("streamed") (the first content, event 3),
 * BlockStop, UsageUpdate, MessageDelta, MessageStop.
 */
class StreamResilienceTest {
  private static final Duration IDLE = Duration.ofSeconds(30);

  private final ManualClock clock = new ManualClock();
  private final RecordingAdapterFactory upstream = new RecordingAdapterFactory(clock);
  private final RecordingListener listener = new RecordingListener();

  private LlmRouter router() {
    return router(RetryConfig.builder().backoff(Duration.ofSeconds(1), Duration.ofSeconds(8)).jitter(0)
        .streamIdleTimeout(IDLE).build());
  }

  private LlmRouter router(RetryConfig retry) {
    return LlmRouter.builder()
        .clock(clock)
        .adapterFactory(upstream)
        .addListener(listener)
        .selection(ChatResilienceTest.IN_ORDER)
        .retry(retry)
        .addProvider(ProviderConfig.builder("alpha", "recording").wireFormat(WireFormat.OPENAI_CHAT).build())
        .addProvider(ProviderConfig.builder("beta", "recording").wireFormat(WireFormat.ANTHROPIC_MESSAGES).build())
        .addModelGroup(ModelGroup.builder("pair").deployment("alpha", "m-a").deployment("beta", "m-b").build())
        .build();
  }

  private static ChatRequest ask() {
    return ChatRequest.builder().model("pair").addMessage(Message.user("hi")).build();
  }

  private static List<String> drain(ChatStream stream) {
    List<String> seen = new ArrayList<>();
    for (StreamEvent event : stream) {
      seen.add(describe(event));
    }
    return seen;
  }

  private static String describe(StreamEvent event) {
    if (event instanceof StreamEvent.TextDelta d) {
      return "text:" + d.text();
    }
    if (event instanceof StreamEvent.StreamError e) {
      return "error:" + e.error().kind();
    }
    return event.getClass().getSimpleName();
  }

  private static final List<String> WHOLE_STREAM = List.of("MessageStart", "BlockStart", "text:streamed",
      "BlockStop", "UsageUpdate", "MessageDelta", "MessageStop");

  static Stream<Arguments> failuresBeforeTheFirstContent() {
    LlmException overloaded = LlmException.builder(ErrorKind.OVERLOADED, "Overloaded").upstreamType("overloaded_error").build();
    return Stream.of(
        Arguments.of("503 before the stream opens", Outcome.status(503)),
        Arguments.of("429 before the stream opens", Outcome.rateLimited(null)),
        Arguments.of("connection reset before headers", Outcome.connectionReset()),
        Arguments.of("an error event first", Outcome.errorEventAfter(0, overloaded)),
        Arguments.of("an error event right after message_start", Outcome.errorEventAfter(1, overloaded)),
        Arguments.of("reset after message_start", Outcome.resetAfter(1)),
        Arguments.of("ends after message_start", Outcome.endAfter(2)),
        Arguments.of("stalls before any event", Outcome.stallAfter(0)),
        Arguments.of("first event slower than the idle timeout", Outcome.slow(Duration.ofMinutes(2))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failuresBeforeTheFirstContent")
  void aFailureBeforeTheFirstContentIsRetriedOnTheNextDeployment(String name, Outcome failure) {
    upstream.script("alpha", failure);
    try (LlmRouter router = router(); ChatStream stream = router.stream(ask())) {
      assertThat(drain(stream)).isEqualTo(WHOLE_STREAM);
    }
    assertThat(upstream.calls).extracting(Call::provider).containsExactly("alpha", "beta");
    assertThat(upstream.calls).extracting(Call::kind).containsOnly("stream");
    assertThat(listener.matching("firstToken")).hasSize(1).allMatch(e -> e.startsWith("firstToken #2"));
    assertThat(listener.matching("callFailed")).isEmpty();
    if (failure.failAtOpen == null) {
      assertThat(upstream.closedStreams).contains("alpha");
    }
  }

  static Stream<Arguments> failuresAfterTheFirstContent() {
    LlmException overloaded = LlmException.builder(ErrorKind.OVERLOADED, "Overloaded").build();
    return Stream.of(
        Arguments.of("an error event", Outcome.errorEventAfter(3, overloaded), ErrorKind.OVERLOADED),
        Arguments.of("connection reset", Outcome.resetAfter(3), ErrorKind.CONNECTION),
        Arguments.of("a stall longer than the idle timeout", Outcome.stallAfter(4), ErrorKind.TIMEOUT),
        Arguments.of("an end without the end marker", Outcome.endAfter(5), ErrorKind.CONNECTION));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failuresAfterTheFirstContent")
  void aFailureAfterTheFirstContentEndsTheStreamWithAnErrorEventAndNothingIsSentTwice(
      String name, Outcome failure, ErrorKind kind) {
    upstream.script("alpha", failure);
    List<String> seen;
    try (LlmRouter router = router(); ChatStream stream = router.stream(ask())) {
      seen = drain(stream);
    }
    assertThat(seen).startsWith("MessageStart", "BlockStart", "text:streamed").endsWith("error:" + kind);
    assertThat(seen).filteredOn(e -> e.startsWith("error:")).hasSize(1);
    assertThat(upstream.calls).extracting(Call::provider).containsExactly("alpha");
    assertThat(upstream.closedStreams).containsExactly("alpha");
    assertThat(listener.events).endsWith("attemptFailed #1 " + kind + " final", "callFailed " + kind);
  }

  @Test
  void aSlowFirstEventWithinTheIdleTimeoutIsNoFailureAndItsTimeToFirstTokenIsMeasured() {
    upstream.script("alpha", Outcome.slow(Duration.ofSeconds(20)));
    try (LlmRouter router = router(); ChatStream stream = router.stream(ask())) {
      assertThat(drain(stream)).isEqualTo(WHOLE_STREAM);
    }
    assertThat(upstream.calls).extracting(Call::provider).containsExactly("alpha");
    assertThat(listener.matching("firstToken")).containsExactly("firstToken #1 20000ms");
  }

  @Test
  void aStreamWhoseFirstContentTakesLongerThanTheAttemptTimeoutIsRetried() {
    upstream.script("alpha", Outcome.slow(Duration.ofSeconds(45)));
    upstream.script("beta", Outcome.slow(Duration.ofSeconds(5)));
    try (LlmRouter router = router(RetryConfig.builder().attemptTimeout(Duration.ofSeconds(20)).build());
        ChatStream stream = router.stream(ask())) {
      assertThat(drain(stream)).isEqualTo(WHOLE_STREAM);
    }
    assertThat(upstream.calls).extracting(Call::provider).containsExactly("alpha", "beta");
    assertThat(upstream.calls).extracting(Call::timeout).containsOnly(Duration.ofSeconds(20));
    assertThat(listener.events).contains("attemptFailed #1 TIMEOUT retry");
  }

  @Test
  void theAttemptTimeoutNoLongerAppliesOnceTheFirstContentArrived() {
    upstream.script("alpha", Outcome.pauseAfter(4, Duration.ofMinutes(3)));
    try (LlmRouter router = router(RetryConfig.builder().attemptTimeout(Duration.ofSeconds(20)).build());
        ChatStream stream = router.stream(ask())) {
      assertThat(drain(stream)).isEqualTo(WHOLE_STREAM);
    }
    assertThat(upstream.calls).hasSize(1);
  }

  @Test
  void theIdleTimeoutWatchesTheUpstreamNotASlowReader() {
    try (LlmRouter router = router(); ChatStream stream = router.stream(ask())) {
      List<String> seen = new ArrayList<>();
      Iterator<StreamEvent> events = stream.iterator();
      while (events.hasNext()) {
        seen.add(describe(events.next()));
        clock.advance(Duration.ofMinutes(5));
      }
      assertThat(seen).isEqualTo(WHOLE_STREAM);
    }
    assertThat(clock.pendingTasks()).isZero();
  }

  @Test
  void whenEveryDeploymentFailsBeforeContentTheStreamCallThrowsTheMostInformativeError() {
    upstream.script("alpha", Outcome.errorEventAfter(1, RecordingAdapterFactory.error(529, "overloaded", null)));
    upstream.script("beta", Outcome.rateLimited(Duration.ofSeconds(300)));
    try (LlmRouter router = LlmRouter.builder().clock(clock).adapterFactory(upstream).selection(ChatResilienceTest.IN_ORDER)
        .retry(RetryConfig.builder().maxAttempts(1).build())
        .addProvider(ProviderConfig.builder("alpha", "recording").wireFormat(WireFormat.OPENAI_CHAT).build())
        .addProvider(ProviderConfig.builder("beta", "recording").wireFormat(WireFormat.ANTHROPIC_MESSAGES).build())
        .addModelGroup(ModelGroup.builder("pair").deployment("alpha", "m-a").deployment("beta", "m-b").build())
        .build()) {
      assertThatThrownBy(() -> router.stream(ask()))
          .isInstanceOfSatisfying(LlmException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
            assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(300));
          });
    }
  }

  @Test
  void closingAStreamEarlyClosesTheUpstreamAndEndsTheCall() {
    upstream.script("alpha", Outcome.answer("partial").withUsage(Usage.builder().inputTokens(7).build()));
    try (LlmRouter router = router()) {
      ChatStream stream = router.stream(ask());
      Iterator<StreamEvent> events = stream.iterator();
      events.next();
      stream.close();
      assertThat(upstream.closedStreams).containsExactly("alpha");
    }
    assertThat(listener.events).endsWith("callEnd alpha 0");
  }

  @Test
  void aCompletedStreamReportsItsUsageToTheListeners() {
    upstream.script("alpha", Outcome.answer("x").withUsage(Usage.builder().inputTokens(10).outputTokens(5).build()));
    try (LlmRouter router = router(); ChatStream stream = router.stream(ask())) {
      drain(stream);
    }
    assertThat(listener.events).endsWith("callEnd alpha 15");
  }
}
