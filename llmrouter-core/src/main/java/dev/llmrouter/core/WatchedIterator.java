package dev.llmrouter.core;

import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import java.time.Duration;
import java.util.Iterator;

/**
 * Reads an upstream answer (canonical events or passthrough chunks) under the stream idle timeout, and
 * turns every way a read can fail into an {@link LlmException}: a silence longer than the timeout
 * closes the upstream and becomes an {@code UpstreamTimeoutException}; anything else an adapter throws
 * becomes a {@code ConnectionException}.
 */
final class WatchedIterator<T> implements AutoCloseable {
  private final Iterator<T> items;
  private final AutoCloseable upstream;
  private final IdleWatchdog watchdog;
  private final String provider;
  private final Duration idleTimeout;

  /**
   * @param idleTimeout the longest silence, or {@code null} for none
   */
  WatchedIterator(Iterator<T> items, AutoCloseable upstream, RouterClock clock, Duration idleTimeout, String provider) {
    this.items = items;
    this.upstream = upstream;
    this.provider = provider;
    this.idleTimeout = idleTimeout;
    this.watchdog = idleTimeout == null ? null : new IdleWatchdog(clock, idleTimeout, this::closeQuietly);
  }

  /** The next item, or {@code null} when the upstream ended. */
  T next() {
    if (watchdog != null) {
      watchdog.beforeRead();
    }
    try {
      boolean more = items.hasNext();
      if (timedOut()) {
        throw idle();
      }
      return more ? items.next() : null;
    } catch (LlmException e) {
      throw timedOut() ? idle() : e;
    } catch (RuntimeException e) {
      if (timedOut()) {
        throw idle();
      }
      throw LlmException.builder(ErrorKind.CONNECTION, "provider '" + provider + "': the stream broke ("
              + e.getClass().getSimpleName() + ")")
          .provider(provider).cause(e).build();
    } finally {
      if (watchdog != null) {
        watchdog.afterRead();
      }
    }
  }

  private boolean timedOut() {
    return watchdog != null && watchdog.fired();
  }

  private LlmException idle() {
    return LlmException.builder(ErrorKind.TIMEOUT,
            "provider '" + provider + "' sent nothing for " + idleTimeout.toMillis() + " ms (stream idle timeout)")
        .provider(provider).build();
  }

  @Override
  public void close() {
    if (watchdog != null) {
      watchdog.stop();
    }
    closeQuietly();
  }

  private void closeQuietly() {
    try {
      upstream.close();
    } catch (Exception e) {
      // closing is best effort: the stream is over for the caller either way
    }
  }
}
