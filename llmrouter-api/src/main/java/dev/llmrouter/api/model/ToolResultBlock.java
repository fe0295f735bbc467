package dev.llmrouter.api.model;

import java.util.List;
import java.util.Objects;

/**
 * The result of a tool call, sent back by the caller in a {@link Role#USER} message.
 *
 * @param toolCallId the id of the {@link ToolCallBlock} it answers
 * @param name the tool name when the protocol carries it (Gemini needs it); optional
 * @param content text, images or documents; empty for a result with no output
 * @param isError whether the tool failed (Anthropic {@code is_error})
 * @param cacheControl optional prompt-cache breakpoint
 * @param extras unmapped fields
 */
public record ToolResultBlock(
    String toolCallId,
    String name,
    List<ContentBlock> content,
    boolean isError,
    CacheControl cacheControl,
    ProviderFields extras)
    implements ContentBlock {
  public ToolResultBlock {
    Objects.requireNonNull(toolCallId, "toolCallId");
    content = content == null ? List.of() : List.copyOf(content);
    extras = extras == null ? ProviderFields.EMPTY : extras;
  }

  public static ToolResultBlock text(String toolCallId, String text) {
    return new ToolResultBlock(toolCallId, null, List.of(TextBlock.of(text)), false, null, ProviderFields.EMPTY);
  }

  /** The text parts of the content joined by newlines (what text-only protocols can carry). */
  public String textContent() {
    StringBuilder sb = new StringBuilder();
    for (ContentBlock block : content) {
      if (block instanceof TextBlock t) {
        if (sb.length() > 0) {
          sb.append('\n');
        }
        sb.append(t.text());
      }
    }
    return sb.toString();
  }
}
