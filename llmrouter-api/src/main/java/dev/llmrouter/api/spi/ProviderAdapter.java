package dev.llmrouter.api.spi;

import dev.llmrouter.api.NativeResponse;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.stream.ChatStream;
import java.util.OptionalLong;

/**
 * One configured provider: its HTTP endpoints, authentication and quirks, with canonical requests in
 * and canonical answers out. Created by a {@link ProviderAdapterFactory}; thread-safe.
 *
 * <p>Adapters hold no API key: the router passes the key of each attempt in {@link CallOptions}.
 * Failures are thrown as {@link dev.llmrouter.api.error.LlmException}s whose {@code provider()} is
 * this adapter's name and whose messages hold no secret.
 */
public interface ProviderAdapter extends AutoCloseable {

  /** The provider's name in the router configuration. */
  String name();

  /** The wire format this provider speaks. */
  WireFormat wireFormat();

  /** One blocking upstream call; {@code request.model()} is the upstream's model name. */
  ChatResponse chat(ChatRequest request, CallOptions options);

  /**
   * Opens one upstream stream. Returns once the upstream answered with a success status; an error
   * status is thrown as an exception before any event.
   */
  ChatStream stream(ChatRequest request, CallOptions options);

  /**
   * Forwards a body already in this provider's {@link #wireFormat()} ("passthrough"), replacing only
   * the model, and returns the upstream's answer unchanged (whole or streamed). An error status is
   * thrown as an exception, as in {@link #chat}, so that the router can retry or fall back.
   */
  NativeResponse forward(ForwardRequest request, CallOptions options);

  /**
   * Counts the input tokens of a request with the provider's own counting endpoint (Anthropic
   * {@code count_tokens}, Gemini {@code countTokens}); empty when the provider has none.
   */
  OptionalLong countTokens(ChatRequest request, CallOptions options);

  /** Frees what the adapter holds on its own (shared resources are closed by the router). */
  @Override
  default void close() {}
}
