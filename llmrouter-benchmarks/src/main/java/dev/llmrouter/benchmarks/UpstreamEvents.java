package dev.llmrouter.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Counts the upstream events a streaming benchmark went through, so that JMH reports the time per
 * upstream event (secondary result {@code events}) beside the time per stream.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class UpstreamEvents {
  /** JMH zeroes it before each iteration. */
  public long events;
}
