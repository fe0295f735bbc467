package dev.llmrouter.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves a requested model name to a model group. Immutable; built once by the router builder.
 *
 * <p>Order: a group's own name; an exact alias; an explicit {@code provider/model} or
 * {@code provider:model} whose provider exists; a case-insensitive substring alias (the longest
 * substring found wins, as in Vandamme's proxy); a wildcard pattern ({@code *} matches any run of
 * characters, case-insensitively; the pattern with the most literal characters wins, then the first
 * added). Aliases and patterns point at a model name resolved the same way, or at a provider that
 * receives the requested name unchanged.
 */
final class ModelRegistry {
  /** Where an alias or pattern leads: another model name, or a provider asked for the requested name. */
  record Target(String model, String provider) {
    static Target model(String name) {
      return new Target(name, null);
    }

    static Target provider(String name) {
      return new Target(null, name);
    }

    @Override
    public String toString() {
      return model != null ? model : provider + "/" + Deployment.REQUESTED_MODEL;
    }
  }

  record Pattern(String glob, Target target, int order) {
    int literals() {
      return glob.length() - (int) glob.chars().filter(c -> c == '*').count();
    }

    boolean matches(String lowerCaseModel) {
      return globMatches(glob.toLowerCase(Locale.ROOT), lowerCaseModel);
    }
  }

  private static final int MAX_ALIAS_DEPTH = 8;

  private final Map<String, ModelGroup> groups;
  private final Map<String, Target> aliases;
  private final List<Map.Entry<String, Target>> substrings; // lower-case, longest first
  private final List<Pattern> patterns; // most specific first
  private final Set<String> providers;

  ModelRegistry(
      Map<String, ModelGroup> groups, Map<String, Target> aliases, Map<String, Target> substringAliases,
      List<Pattern> patterns, Set<String> providers) {
    this.groups = Map.copyOf(groups);
    this.aliases = Map.copyOf(aliases);
    List<Map.Entry<String, Target>> subs = new ArrayList<>();
    for (Map.Entry<String, Target> e : new LinkedHashMap<>(substringAliases).entrySet()) {
      subs.add(Map.entry(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
    }
    subs.sort(Comparator.comparingInt((Map.Entry<String, Target> e) -> e.getKey().length()).reversed());
    this.substrings = List.copyOf(subs);
    List<Pattern> sorted = new ArrayList<>(patterns);
    sorted.sort(Comparator.comparingInt(Pattern::literals).reversed().thenComparingInt(Pattern::order));
    this.patterns = List.copyOf(sorted);
    this.providers = Set.copyOf(providers);
  }

  Optional<ModelGroup> resolve(String model) {
    return Optional.ofNullable(resolve(model, 0));
  }

  private ModelGroup resolve(String model, int depth) {
    if (depth > MAX_ALIAS_DEPTH) {
      throw new IllegalStateException("aliases of '" + model + "' go round in a circle");
    }
    ModelGroup group = groups.get(model);
    if (group != null) {
      return group;
    }
    Target alias = aliases.get(model);
    if (alias != null) {
      return follow(model, alias, depth);
    }
    int separator = firstSeparator(model);
    if (separator > 0 && separator < model.length() - 1) {
      String provider = model.substring(0, separator);
      if (providers.contains(provider)) {
        return ModelGroup.single(model, Deployment.of(provider, model.substring(separator + 1)));
      }
    }
    String lower = model.toLowerCase(Locale.ROOT);
    for (Map.Entry<String, Target> substring : substrings) {
      if (lower.contains(substring.getKey())) {
        return follow(model, substring.getValue(), depth);
      }
    }
    for (Pattern pattern : patterns) {
      if (pattern.matches(lower)) {
        return follow(model, pattern.target(), depth);
      }
    }
    return null;
  }

  private ModelGroup follow(String model, Target target, int depth) {
    if (target.provider() != null) {
      return ModelGroup.single(model, Deployment.of(target.provider(), Deployment.REQUESTED_MODEL));
    }
    return resolve(target.model(), depth + 1);
  }

  /** The names a client can list: groups, aliases, substring aliases as {@code *x*}, patterns as written. */
  List<String> describe() {
    List<String> names = new ArrayList<>(groups.keySet());
    names.addAll(aliases.keySet());
    names.sort(null);
    for (Map.Entry<String, Target> substring : substrings) {
      names.add("*" + substring.getKey() + "*");
    }
    for (Pattern pattern : patterns) {
      names.add(pattern.glob());
    }
    return names;
  }

  static boolean globMatches(String glob, String text) {
    String[] parts = glob.split("\\*", -1);
    if (parts.length == 1) {
      return glob.equals(text);
    }
    if (!text.startsWith(parts[0])) {
      return false;
    }
    int position = parts[0].length();
    for (int i = 1; i < parts.length - 1; i++) {
      int found = text.indexOf(parts[i], position);
      if (found < 0) {
        return false;
      }
      position = found + parts[i].length();
    }
    String last = parts[parts.length - 1];
    return text.length() - last.length() >= position && text.endsWith(last);
  }

  private static int firstSeparator(String model) {
    int slash = model.indexOf('/');
    int colon = model.indexOf(':');
    if (slash < 0) {
      return colon;
    }
    if (colon < 0) {
      return slash;
    }
    return Math.min(slash, colon);
  }
}
