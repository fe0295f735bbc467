package dev.llmrouter.api.model;

import dev.llmrouter.api.WireFormat;
import java.util.Objects;

/**
 * The model's reasoning, and the opaque state some providers need back on the next request.
 *
 * <p>The opaque state is provider-tagged: it goes back unchanged to the format that produced it
 * ({@link #origin()}) and is dropped, or carried in a router envelope, for others. It is never
 * smuggled into tool-call ids.
 *
 * @param text reasoning text or summary; empty when hidden or redacted
 * @param signature the opaque state: Anthropic {@code signature} (or the {@code data} of a redacted
 *     block), Responses {@code encrypted_content}, Gemini {@code thoughtSignature}; optional
 * @param redacted Anthropic {@code redacted_thinking}: no text, the payload is in {@code signature}
 * @param id the provider's id for this item (Responses {@code rs_…}); optional
 * @param origin the format that produced the block, or {@code null} when unknown
 * @param extras unmapped fields (e.g. the Responses summary parts)
 */
public record ReasoningBlock(
    String text, String signature, boolean redacted, String id, WireFormat origin, ProviderFields extras)
    implements ContentBlock {
  public ReasoningBlock {
    Objects.requireNonNull(text, "text");
    extras = extras == null ? ProviderFields.EMPTY : extras;
  }

  public static ReasoningBlock of(String text, String signature, WireFormat origin) {
    return new ReasoningBlock(text, signature, false, null, origin, ProviderFields.EMPTY);
  }

  /** Whether this block carries opaque state that only {@code target} can accept. */
  public boolean hasStateFor(WireFormat target) {
    return signature != null && !signature.isEmpty() && origin == target;
  }
}
