package dev.llmrouter.api.model;

import dev.llmrouter.api.WireFormat;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Fields of a provider's JSON that the canonical model has no slot for, kept so that a request or
 * response going back to the same wire format loses nothing.
 *
 * <p>Values are raw JSON text (an object, array, string literal with quotes, number…), exactly as
 * the codec read them. They are tagged with the format they came from: a codec writes them back only
 * when it encodes that same format, and ignores them otherwise.
 */
public final class ProviderFields {
  /** No unmapped fields. */
  public static final ProviderFields EMPTY = new ProviderFields(null, Map.of());

  private final WireFormat origin;
  private final Map<String, String> rawJson;

  private ProviderFields(WireFormat origin, Map<String, String> rawJson) {
    this.origin = origin;
    this.rawJson = rawJson;
  }

  /**
   * Creates a bag of fields read from {@code origin}.
   *
   * @param rawJson field name to raw JSON value text; insertion order is kept
   */
  public static ProviderFields of(WireFormat origin, Map<String, String> rawJson) {
    Objects.requireNonNull(origin, "origin");
    if (rawJson.isEmpty()) {
      return EMPTY;
    }
    return new ProviderFields(origin, Collections.unmodifiableMap(new LinkedHashMap<>(rawJson)));
  }

  /** The format these fields were read from, or {@code null} when empty. */
  public WireFormat origin() {
    return origin;
  }

  /** All fields, name to raw JSON text. */
  public Map<String, String> asMap() {
    return rawJson;
  }

  /** The fields to write when encoding {@code target}: all of them if it is the origin, else none. */
  public Map<String, String> fieldsFor(WireFormat target) {
    return target == origin ? rawJson : Map.of();
  }

  /** The raw JSON of one field, or {@code null}. */
  public String get(String name) {
    return rawJson.get(name);
  }

  public boolean isEmpty() {
    return rawJson.isEmpty();
  }

  /** A copy with one more field (same origin). */
  public ProviderFields with(WireFormat origin, String name, String rawJsonValue) {
    if (this.origin != null && this.origin != origin) {
      throw new IllegalArgumentException("cannot mix fields of " + this.origin + " and " + origin);
    }
    Map<String, String> copy = new LinkedHashMap<>(rawJson);
    copy.put(name, rawJsonValue);
    return of(origin, copy);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProviderFields other && origin == other.origin && rawJson.equals(other.rawJson);
  }

  @Override
  public int hashCode() {
    return Objects.hash(origin, rawJson);
  }

  @Override
  public String toString() {
    return isEmpty() ? "ProviderFields{}" : "ProviderFields{" + origin.id() + " " + rawJson.keySet() + "}";
  }
}
