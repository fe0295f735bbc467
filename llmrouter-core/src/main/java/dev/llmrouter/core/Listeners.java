package dev.llmrouter.core;

import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.model.Usage;
import dev.llmrouter.core.resilience.CircuitState;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The router's listeners as one, each call guarded: a listener's exception is logged and dropped. */
final class Listeners implements RouterListener {
  private static final Logger log = LoggerFactory.getLogger(Listeners.class);

  private final List<RouterListener> listeners;

  Listeners(List<RouterListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  private interface Event {
    void send(RouterListener listener);
  }

  private void each(String name, Event event) {
    for (RouterListener listener : listeners) {
      try {
        event.send(listener);
      } catch (RuntimeException e) {
        log.warn("router listener {} failed in {}; ignored", listener.getClass().getName(), name, e);
      }
    }
  }

  @Override
  public void callStart(CallInfo call) {
    each("callStart", l -> l.callStart(call));
  }

  @Override
  public void cacheHit(CallInfo call) {
    each("cacheHit", l -> l.cacheHit(call));
  }

  @Override
  public void attemptStart(AttemptInfo attempt) {
    each("attemptStart", l -> l.attemptStart(attempt));
  }

  @Override
  public void firstToken(AttemptInfo attempt, Duration sinceAttemptStart) {
    each("firstToken", l -> l.firstToken(attempt, sinceAttemptStart));
  }

  @Override
  public void attemptFailed(AttemptInfo attempt, LlmException cause, boolean willRetry) {
    each("attemptFailed", l -> l.attemptFailed(attempt, cause, willRetry));
  }

  @Override
  public void fallback(CallInfo call, String fromGroup, String toGroup, LlmException cause) {
    each("fallback", l -> l.fallback(call, fromGroup, toGroup, cause));
  }

  @Override
  public void keyCooledDown(String provider, String keyFingerprint, Duration cooldown) {
    each("keyCooledDown", l -> l.keyCooledDown(provider, keyFingerprint, cooldown));
  }

  @Override
  public void keyRevoked(String provider, String keyFingerprint, LlmException cause) {
    each("keyRevoked", l -> l.keyRevoked(provider, keyFingerprint, cause));
  }

  @Override
  public void circuitStateChanged(String provider, String upstreamModel, CircuitState from, CircuitState to) {
    each("circuitStateChanged", l -> l.circuitStateChanged(provider, upstreamModel, from, to));
  }

  @Override
  public void callEnd(CallInfo call, AttemptInfo servedBy, Usage usage) {
    each("callEnd", l -> l.callEnd(call, servedBy, usage));
  }

  @Override
  public void callFailed(CallInfo call, LlmException error, Usage usageSoFar) {
    each("callFailed", l -> l.callFailed(call, error, usageSoFar));
  }
}
