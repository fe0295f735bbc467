package dev.llmrouter.core.governance;

import java.util.Objects;

/**
 * Whose spend a budget counts: everyone's, or one organisation, team, project, user or key.
 *
 * @param level the level of the hierarchy
 * @param id the organisation, team, project, user or key id; {@code *} for {@link Level#GLOBAL}
 */
public record BudgetScope(Level level, String id) {
  /** The hierarchy: organisation → team → project → user or key. */
  public enum Level { GLOBAL, ORGANIZATION, TEAM, PROJECT, USER, KEY }

  public BudgetScope {
    Objects.requireNonNull(level, "level");
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("a budget scope needs an id");
    }
  }

  public static BudgetScope global() {
    return new BudgetScope(Level.GLOBAL, "*");
  }

  public static BudgetScope organization(String id) {
    return new BudgetScope(Level.ORGANIZATION, id);
  }

  public static BudgetScope team(String id) {
    return new BudgetScope(Level.TEAM, id);
  }

  public static BudgetScope project(String id) {
    return new BudgetScope(Level.PROJECT, id);
  }

  public static BudgetScope user(String id) {
    return new BudgetScope(Level.USER, id);
  }

  public static BudgetScope key(String keyId) {
    return new BudgetScope(Level.KEY, keyId);
  }

  boolean covers(Principal principal) {
    return level == Level.GLOBAL || id.equals(principal.level(level));
  }

  @Override
  public String toString() {
    return level == Level.GLOBAL ? "global" : level.name().toLowerCase(java.util.Locale.ROOT) + ":" + id;
  }
}
