package dev.llmrouter.core;

import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ContentBlock;
import dev.llmrouter.api.model.DocumentBlock;
import dev.llmrouter.api.model.ImageBlock;
import dev.llmrouter.api.model.Message;
import dev.llmrouter.api.model.ReasoningBlock;
import dev.llmrouter.api.model.TextBlock;
import dev.llmrouter.api.model.Tool;
import dev.llmrouter.api.model.ToolCallBlock;
import dev.llmrouter.api.model.ToolResultBlock;
import dev.llmrouter.api.model.Usage;

/**
 * A rough token count (about four characters a token, a flat cost per image) for when a number is
 * needed before the upstream reports one: the input usage of an Anthropic {@code message_start}
 * translated from a protocol that reports usage at the end, or {@code count_tokens} without an
 * upstream counter. Results built from it are flagged as estimated.
 */
public final class TokenEstimator {
  private static final int IMAGE_TOKENS = 1_000;

  private TokenEstimator() {}

  public static long estimateInput(ChatRequest request) {
    long chars = 0;
    long extra = 0;
    for (TextBlock block : request.system()) {
      chars += block.text().length();
    }
    for (Tool tool : request.tools()) {
      chars += tool.name().length() + length(tool.description()) + length(tool.inputSchema());
    }
    for (Message message : request.messages()) {
      extra += 4; // role and framing
      for (ContentBlock block : message.content()) {
        if (block instanceof ImageBlock || block instanceof DocumentBlock) {
          extra += IMAGE_TOKENS;
        } else {
          chars += characters(block);
        }
      }
    }
    return Math.max(1, (chars + 3) / 4 + extra);
  }

  /** Tokens of {@code characters} characters of generated text (rounded up). */
  public static long estimateText(long characters) {
    return Usage.estimateTokens(characters);
  }

  private static long characters(ContentBlock block) {
    if (block instanceof TextBlock t) {
      return t.text().length();
    }
    if (block instanceof ToolCallBlock c) {
      return c.name().length() + c.arguments().length();
    }
    if (block instanceof ToolResultBlock r) {
      long sum = 0;
      for (ContentBlock inner : r.content()) {
        sum += characters(inner);
      }
      return sum;
    }
    if (block instanceof ReasoningBlock r) {
      return r.text().length();
    }
    return 0;
  }

  private static int length(String s) {
    return s == null ? 0 : s.length();
  }
}
