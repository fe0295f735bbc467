package dev.llmrouter.core;

import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.core.telemetry.RouterTelemetry;
import java.time.Duration;
import java.util.Iterator;

/**
 * Reads an upstream answer (canonical events or passthrough chunks) under the stream idle timeout and,
 * until its first content, the attempt timeout; turns every way a read can fail into an
 * {@link LlmException}: a silence longer than the idle timeout, or a wait past the attempt timeout,
 * closes the upstream and becomes an {@code UpstreamTimeoutException}; anything else an adapter
 * throws becomes a {@code ConnectionException}.
 */
final class WatchedIterator<T> implements AutoCloseable {
  private final Iterator<T> items;
  private final AutoCloseable upstream;
  private final IdleWatchdog watchdog;
  private final String provider;
  private final Duration idleTimeout;
  private final Duration attemptTimeout;

  /**
   * @param idleTimeout the longest silence, or {@code null} for none
   * @param attemptTimeout the time left to the attempt until {@link #committed()}, or {@code null} for none
   */
  WatchedIterator(Iterator<T> items, AutoCloseable upstream, RouterClock clock, Duration idleTimeout,
      Duration attemptTimeout, String provider) {
    this.items = items;
    this.upstream = upstream;
    this.provider = provider;
    this.idleTimeout = idleTimeout;
    this.attemptTimeout = attemptTimeout;
    this.watchdog = idleTimeout == null && attemptTimeout == null ? null
        : new IdleWatchdog(clock, idleTimeout, attemptTimeout, this::closeQuietly);
  }

  /** The attempt is over (its first content arrived): only the idle timeout applies from now on. */
  void committed() {
    if (watchdog != null) {
      watchdog.liftDeadline();
    }
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
    } catch (Error bug) {
      // a committed stream cannot be retried: end it like any failure, so that its spans, in-flight
      // count and budget reservation are settled, with the defect as the cause
      throw RouterTelemetry.internalError(bug, provider);
    } finally {
      if (watchdog != null) {
        watchdog.afterRead();
      }
    }
  }

  private boolean timedOut() {
    return watchdog != null && watchdog.fired() != null;
  }

  private LlmException idle() {
    String message = watchdog.fired() == IdleWatchdog.Reason.IDLE
        ? "provider '" + provider + "' sent nothing for " + idleTimeout.toMillis() + " ms (stream idle timeout)"
        : "provider '" + provider + "' sent no content within " + attemptTimeout.toMillis() + " ms (attempt timeout)";
    return LlmException.builder(ErrorKind.TIMEOUT, message).provider(provider).build();
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
