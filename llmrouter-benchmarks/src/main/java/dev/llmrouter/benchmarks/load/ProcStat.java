package dev.llmrouter.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A server process's CPU time and resident memory, from Linux's {@code /proc/<pid>}. */
final class ProcStat {
  private ProcStat() {}

  /** utime + stime of every thread of the process, in clock ticks. */
  static long cpuTicks(long pid) throws IOException {
    return cpuTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
  }

  static long cpuTicks(String stat) {
    // the command name (field 2) may hold spaces and parentheses: count fields after its last ')'
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // fields 14 and 15 of proc(5)
  }

  /** VmRSS in kB. */
  static long rssKb(long pid) throws IOException {
    return rssKb(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
  }

  static long rssKb(String status) {
    for (String line : status.split("\n")) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.substring("VmRSS:".length()).replace("kB", "").trim());
      }
    }
    throw new IllegalArgumentException("no VmRSS line");
  }
}
