package dev.llmrouter.api.stream;

import java.util.Iterator;

/**
 * A one-shot stream of canonical events. Iterate it once; close it always (closing early cancels
 * the upstream call and frees the connection).
 *
 * <p>Iteration ends after {@link StreamEvent.MessageStop}. A failure after the stream started arrives
 * as a {@link StreamEvent.StreamError} event rather than as an exception, so that the events before
 * it are not lost; a failure before any event (bad key, unknown model, upstream 429…) is thrown by
 * the call that opened the stream.
 */
public interface ChatStream extends Iterable<StreamEvent>, AutoCloseable {

  /** The events; may be called once. */
  @Override
  Iterator<StreamEvent> iterator();

  /** Cancels the upstream call if it is still running. Idempotent. */
  @Override
  void close();
}
