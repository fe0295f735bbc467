package dev.llmrouter.api.spi;

/**
 * The part of a client's request body that routing reads: see {@link WireCodec#peekRequest}.
 *
 * @param model the top-level model, or {@code null} when the body has none (Gemini names it in the URL)
 * @param stream whether the body asks for a stream
 */
public record RequestHead(String model, boolean stream) {}
