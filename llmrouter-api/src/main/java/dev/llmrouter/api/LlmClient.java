package dev.llmrouter.api;

import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.stream.ChatStream;
import java.util.concurrent.CompletableFuture;

/**
 * One client over every provider: a blocking call, an asynchronous call and a stream.
 *
 * <p>Every method reports failures as {@link dev.llmrouter.api.error.LlmException} subclasses (the
 * async call completes exceptionally with one); their messages are safe to log.
 */
public interface LlmClient {

  /** Sends the request and waits for the whole answer. */
  ChatResponse chat(ChatRequest request);

  /** Sends the request without blocking the caller. */
  CompletableFuture<ChatResponse> chatAsync(ChatRequest request);

  /**
   * Opens a stream of canonical events. The returned stream must be closed (try-with-resources);
   * closing it early cancels the upstream call.
   */
  ChatStream stream(ChatRequest request);
}
