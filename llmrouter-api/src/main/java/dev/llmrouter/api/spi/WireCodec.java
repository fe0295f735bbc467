package dev.llmrouter.api.spi;

import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.Usage;
import java.util.List;
import java.util.function.Function;

/**
 * The one place that knows a wire format's JSON, in both roles.
 *
 * <p><b>Server side</b> (a client speaks this format to us): {@link #decodeRequest}, then
 * {@link #encodeResponse} or a {@link #newStreamEncoder stream encoder}, or {@link #encodeError}.
 *
 * <p><b>Client side</b> (we speak this format to an upstream): {@link #encodeRequest}, then
 * {@link #decodeResponse} or a {@link #newStreamDecoder stream decoder}, or {@link #decodeError}.
 *
 * <p>Implementations are stateless and thread-safe; they are found with {@link java.util.ServiceLoader}.
 * Decoders accept every legal variant of the format; encoders write one canonical form.
 */
public interface WireCodec {

  WireFormat format();

  // ---- server side ----

  /**
   * Decodes a client's request body.
   *
   * @throws dev.llmrouter.api.error.BadRequestException with a message that names the offending field
   *     when the body is not valid JSON or misses a required field
   */
  ChatRequest decodeRequest(byte[] body);

  /**
   * What routing needs of a client's body — its model and stream switch — read without decoding the
   * rest, so that a passthrough call never builds the canonical request. Must agree with
   * {@link #decodeRequest}: same model, same stream flag, for every body that decodes. Returns
   * {@code null} when it cannot tell cheaply (the router then decodes the whole body, which also names
   * what is wrong with it). A body that only looks right here still goes upstream unchanged, whose
   * answer to it reaches the client. The default returns {@code null}.
   *
   * @return the model ({@code null} for formats that carry it elsewhere, such as Gemini's URL) and the
   *     stream flag, or {@code null}
   */
  default RequestHead peekRequest(byte[] body) {
    return null;
  }

  /**
   * Encodes a whole response for a client.
   *
   * @param request the client's decoded request (for fields a response echoes)
   */
  byte[] encodeResponse(ChatResponse response, ChatRequest request);

  /** A new encoder for one streamed response to a client. */
  StreamEncoder newStreamEncoder(ChatRequest request);

  /** The status, headers and envelope a client of this format expects for {@code error}. */
  EncodedError encodeError(LlmException error);

  /**
   * The format's answer to a model listing ({@code GET /v1/models}, Gemini's {@code GET /v1beta/models})
   * naming {@code models}, which may contain wildcard patterns such as {@code claude-*}.
   */
  byte[] encodeModelList(List<String> models);

  // ---- client side ----

  /**
   * Encodes a request for an upstream of this format. {@code request.model()} is already the
   * upstream's model name (formats that carry the model in the URL ignore it here).
   *
   * @param stream whether to ask for a stream (and, where the format needs it, for usage in it)
   */
  byte[] encodeRequest(ChatRequest request, boolean stream);

  /** Decodes an upstream's whole response. */
  ChatResponse decodeResponse(byte[] body);

  /**
   * A client's request body with its output-token limit set to {@code maxTokens}, every other field as
   * received (re-serialized: the same JSON values, not the same bytes): how a policy's cap reaches a
   * passthrough call, whose body is otherwise forwarded untouched. {@code null} when the format cannot
   * (the router then refuses the call rather than forward more than the cap).
   *
   * @throws dev.llmrouter.api.error.LlmException of kind BAD_REQUEST when the body is not a JSON object
   */
  default byte[] withMaxTokens(byte[] body, int maxTokens) {
    return null;
  }

  /**
   * The usage of an upstream's whole response, as {@code decodeResponse(body).usage()} reports it, for
   * passthrough answers that are forwarded unread. Implementations read only the usage (a streaming
   * parser that skips the rest); they may return a usage for a body {@code decodeResponse} would
   * reject for reasons other than its usage. The default decodes the whole response.
   */
  default Usage decodeUsage(byte[] body) {
    return decodeResponse(body).usage();
  }

  /** A new decoder for one upstream stream. */
  StreamDecoder newStreamDecoder();

  /**
   * Maps an upstream's error answer to the typed exception: status, the format's error type and
   * code, retry-after (from {@code retry-after-ms}, {@code retry-after} in seconds or as an HTTP date,
   * or the body, e.g. Gemini {@code RetryInfo}). Context-window and content-policy errors get their
   * own kinds. The message comes from the upstream's error message, never from request headers.
   *
   * @param headers case-insensitive header lookup returning the first value or {@code null}
   */
  LlmException decodeError(int status, Function<String, String> headers, byte[] body);
}
