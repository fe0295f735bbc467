package dev.llmrouter.adapters.codec.matrix;

/**
 * One cell of the matrix: a fixture of {@code source} decoded by its codec and written by the codec of
 * {@code target}, to be compared with the fixture of {@code target}. For requests the source is the
 * client and the target the upstream; for responses and streams it is the other way round.
 *
 * @param kind what is translated
 * @param caseFile the fixture's base name, e.g. {@code 05-parallel-tool-calls.followup}
 */
record Scenario(Kind kind, String caseFile, Format source, Format target) {
  enum Kind {
    REQUEST,
    RESPONSE,
    ERROR
  }

  /** The two-digit case number, e.g. {@code "05"}. */
  String caseNumber() {
    return caseFile.substring(0, 2);
  }

  boolean sameFormat() {
    return source == target;
  }

  @Override
  public String toString() {
    return kind + " " + caseFile + " " + source.dir() + " -> " + target.dir();
  }
}
