package dev.llmrouter.core;

import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.api.model.Usage;
import dev.llmrouter.core.resilience.CircuitState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records router events as short lines, in order, for assertions. */
final class RecordingListener implements RouterListener {
  final List<String> events = new CopyOnWriteArrayList<>();

  List<String> matching(String prefix) {
    List<String> found = new ArrayList<>();
    for (String event : events) {
      if (event.startsWith(prefix)) {
        found.add(event);
      }
    }
    return found;
  }

  @Override
  public void callStart(CallInfo call) {
    events.add("callStart " + call.model());
  }

  @Override
  public void cacheHit(CallInfo call) {
    events.add("cacheHit " + call.model());
  }

  @Override
  public void attemptStart(AttemptInfo attempt) {
    events.add("attemptStart #" + attempt.number() + " " + attempt.group() + " " + attempt.provider() + "/"
        + attempt.upstreamModel() + (attempt.passthrough() ? " passthrough" : ""));
  }

  @Override
  public void firstToken(AttemptInfo attempt, Duration sinceAttemptStart) {
    events.add("firstToken #" + attempt.number() + " " + sinceAttemptStart.toMillis() + "ms");
  }

  @Override
  public void attemptFailed(AttemptInfo attempt, LlmException cause, boolean willRetry) {
    events.add("attemptFailed #" + attempt.number() + " " + cause.kind() + (willRetry ? " retry" : " final"));
  }

  @Override
  public void fallback(CallInfo call, String fromGroup, String toGroup, LlmException cause) {
    events.add("fallback " + fromGroup + " -> " + toGroup + " " + cause.kind());
  }

  @Override
  public void keyCooledDown(String provider, String keyFingerprint, Duration cooldown) {
    events.add("keyCooledDown " + provider + " " + keyFingerprint + " " + cooldown.toSeconds() + "s");
  }

  @Override
  public void keyRevoked(String provider, String keyFingerprint, LlmException cause) {
    events.add("keyRevoked " + provider + " " + keyFingerprint + " " + cause.upstreamStatus());
  }

  @Override
  public void circuitStateChanged(String provider, String upstreamModel, CircuitState from, CircuitState to) {
    events.add("circuit " + provider + "/" + upstreamModel + " " + from + " -> " + to);
  }

  @Override
  public void callEnd(CallInfo call, AttemptInfo servedBy, Usage usage) {
    events.add("callEnd " + (servedBy == null ? "cache" : servedBy.provider()) + " " + usage.totalTokens());
  }

  @Override
  public void callFailed(CallInfo call, LlmException error, Usage usageSoFar) {
    events.add("callFailed " + error.kind());
  }
}
