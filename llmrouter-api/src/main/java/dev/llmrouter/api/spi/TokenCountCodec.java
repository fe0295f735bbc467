package dev.llmrouter.api.spi;

import dev.llmrouter.api.model.ChatRequest;

/**
 * Implemented, beside {@link WireCodec}, by the codecs of formats that have a token-counting
 * endpoint (Anthropic {@code /v1/messages/count_tokens}, Gemini {@code :countTokens}).
 */
public interface TokenCountCodec {

  /** Server side: decodes a client's count request (a request body without {@code max_tokens}). */
  ChatRequest decodeCountTokensRequest(byte[] body);

  /**
   * Server side: the answer to a client's count request.
   *
   * @param estimated whether the router estimated the number rather than asking an upstream; formats
   *     with room for it say so in the body
   */
  byte[] encodeCountTokensResponse(long inputTokens, boolean estimated);

  /** Client side: the count request for an upstream of this format. */
  byte[] encodeCountTokensRequest(ChatRequest request);

  /** Client side: the input-token count from an upstream's answer. */
  long decodeCountTokensResponse(byte[] body);
}
