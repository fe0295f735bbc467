package dev.llmrouter.core.governance;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Model-name patterns where {@code *} matches any run of characters, case-insensitively. */
final class Glob {
  private Glob() {}

  static Pattern compile(String glob) {
    List<String> parts = new ArrayList<>();
    for (String part : glob.split("\\*", -1)) {
      parts.add(part.isEmpty() ? "" : Pattern.quote(part));
    }
    return Pattern.compile(String.join(".*", parts), Pattern.CASE_INSENSITIVE);
  }
}
