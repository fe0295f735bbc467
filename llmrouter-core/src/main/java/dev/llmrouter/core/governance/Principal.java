package dev.llmrouter.core.governance;

/**
 * Who a call is made for, as budgets and limits see it: the virtual key it came with and that key's
 * metadata, or, for in-process callers who pass no key, what they say about themselves.
 *
 * @param keyId the virtual key's id, or {@code null}
 */
public record Principal(String keyId, String organization, String team, String project, String user) {
  /** A call without any identity (governance that does not require keys). */
  public static final Principal ANONYMOUS = new Principal(null, null, null, null, null);

  /** The value of one level of the hierarchy, or {@code null}. */
  String level(BudgetScope.Level level) {
    switch (level) {
      case ORGANIZATION:
        return organization;
      case TEAM:
        return team;
      case PROJECT:
        return project;
      case USER:
        return user;
      case KEY:
        return keyId;
      default:
        return "*";
    }
  }
}
