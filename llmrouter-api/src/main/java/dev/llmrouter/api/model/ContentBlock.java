package dev.llmrouter.api.model;

/**
 * One piece of a message: text, an image, a document, a tool call, a tool result or reasoning.
 * Codecs dispatch with {@code instanceof} patterns.
 */
public sealed interface ContentBlock
    permits TextBlock, ImageBlock, DocumentBlock, ToolCallBlock, ToolResultBlock, ReasoningBlock {

  /** Provider fields of this block that the canonical model has no slot for. */
  ProviderFields extras();
}
