package dev.llmrouter.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves a requested model name to a deployment. Immutable; built once by the router builder.
 *
 * <p>Order: an exact route; then an explicit {@code provider/model} or {@code provider:model} whose
 * provider exists; then the longest matching prefix route (e.g. {@code claude-} → anthropic); then the
 * catch-all provider, when one is set.
 */
final class ModelRoutes {
  private final Map<String, Deployment> exact;
  private final List<Map.Entry<String, String>> prefixes; // prefix → provider, longest first
  private final Set<String> providers;
  private final String catchAll;

  ModelRoutes(Map<String, Deployment> exact, Map<String, String> prefixes, Set<String> providers, String catchAll) {
    this.exact = Map.copyOf(exact);
    List<Map.Entry<String, String>> sorted = new ArrayList<>(new LinkedHashMap<>(prefixes).entrySet());
    sorted.sort(Comparator.comparingInt((Map.Entry<String, String> e) -> e.getKey().length()).reversed());
    this.prefixes = List.copyOf(sorted);
    this.providers = Set.copyOf(providers);
    this.catchAll = catchAll;
  }

  Optional<Deployment> resolve(String model) {
    Deployment route = exact.get(model);
    if (route != null) {
      return Optional.of(route);
    }
    int separator = firstSeparator(model);
    if (separator > 0 && separator < model.length() - 1) {
      String provider = model.substring(0, separator);
      if (providers.contains(provider)) {
        return Optional.of(new Deployment(provider, model.substring(separator + 1)));
      }
    }
    for (Map.Entry<String, String> prefix : prefixes) {
      if (model.startsWith(prefix.getKey())) {
        return Optional.of(new Deployment(prefix.getValue(), model));
      }
    }
    return catchAll == null ? Optional.empty() : Optional.of(new Deployment(catchAll, model));
  }

  /** The model names a client can list: exact routes, the prefixes, and {@code *} for a catch-all. */
  List<String> describe() {
    List<String> names = new ArrayList<>(exact.keySet());
    names.sort(null);
    for (Map.Entry<String, String> prefix : prefixes) {
      names.add(prefix.getKey() + "*");
    }
    if (catchAll != null) {
      names.add("*");
    }
    return names;
  }

  Set<String> exactNames() {
    return exact.keySet();
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
