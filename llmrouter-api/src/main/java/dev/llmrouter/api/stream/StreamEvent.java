package dev.llmrouter.api.stream;

import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.model.ContentBlock;
import dev.llmrouter.api.model.StopReason;
import dev.llmrouter.api.model.Usage;
import java.util.Objects;

/**
 * A canonical stream event, modelled on the richest protocol (Anthropic's).
 *
 * <p>The grammar every decoder produces and every encoder accepts:
 *
 * <pre>
 * MessageStart
 *   ( BlockStart(i) (TextDelta(i) | ToolArgumentsDelta(i) | ReasoningDelta(i) | SignatureDelta(i))* BlockStop(i) )*
 *   UsageUpdate*                       (anywhere after MessageStart; each one cumulative, the last wins)
 * MessageDelta                         (stop reason; after every block has stopped)
 * MessageStop
 * </pre>
 *
 * or a {@link StreamError} at any point, which ends the stream. Block indices are dense and start
 * at 0 in the order of their {@code BlockStart}. Blocks may overlap (OpenAI servers interleave
 * parallel tool-call fragments); encoders for protocols that cannot interleave buffer as needed.
 */
public sealed interface StreamEvent
    permits StreamEvent.MessageStart,
        StreamEvent.BlockStart,
        StreamEvent.TextDelta,
        StreamEvent.ToolArgumentsDelta,
        StreamEvent.ReasoningDelta,
        StreamEvent.SignatureDelta,
        StreamEvent.BlockStop,
        StreamEvent.UsageUpdate,
        StreamEvent.MessageDelta,
        StreamEvent.MessageStop,
        StreamEvent.StreamError {

  /**
   * The characters of output this event delivers (text, tool arguments, reasoning): what a stream
   * that stops before its usage is billed on ({@link Usage#atLeastDelivered}).
   */
  static long outputCharacters(StreamEvent event) {
    if (event instanceof TextDelta delta) {
      return delta.text().length();
    }
    if (event instanceof ToolArgumentsDelta delta) {
      return delta.fragment().length();
    }
    if (event instanceof ReasoningDelta delta) {
      return delta.text().length();
    }
    return 0;
  }

  /**
   * The answer begins.
   *
   * @param id upstream message id (optional)
   * @param model the model as the upstream names it (optional)
   * @param usage the input side if known at this point (may be {@link Usage#ZERO} or estimated)
   */
  record MessageStart(String id, String model, Usage usage) implements StreamEvent {
    public MessageStart {
      usage = usage == null ? Usage.ZERO : usage;
    }
  }

  /**
   * A content block opens. {@code block} is its initial state: an empty {@code TextBlock}, a
   * {@code ToolCallBlock} with id and name and empty arguments, a {@code ReasoningBlock} (whole, for
   * redacted reasoning).
   */
  record BlockStart(int index, ContentBlock block) implements StreamEvent {
    public BlockStart {
      Objects.requireNonNull(block, "block");
    }
  }

  record TextDelta(int index, String text) implements StreamEvent {}

  /** A fragment of a tool call's JSON arguments; fragments concatenate. */
  record ToolArgumentsDelta(int index, String fragment) implements StreamEvent {}

  record ReasoningDelta(int index, String text) implements StreamEvent {}

  /**
   * The opaque state of a reasoning block (see {@link dev.llmrouter.api.model.ReasoningBlock#signature()});
   * fragments concatenate.
   */
  record SignatureDelta(int index, String signature) implements StreamEvent {}

  record BlockStop(int index) implements StreamEvent {}

  /** Usage so far, cumulative. */
  record UsageUpdate(Usage usage) implements StreamEvent {
    public UsageUpdate {
      Objects.requireNonNull(usage, "usage");
    }
  }

  /** Why the model stopped; sent once, after the last block stopped. */
  record MessageDelta(StopReason stopReason, String stopSequence) implements StreamEvent {
    public MessageDelta {
      Objects.requireNonNull(stopReason, "stopReason");
    }
  }

  /** The stream ended normally. */
  record MessageStop() implements StreamEvent {}

  /** The stream failed; nothing follows. */
  record StreamError(LlmException error) implements StreamEvent {
    public StreamError {
      Objects.requireNonNull(error, "error");
    }
  }
}
