package dev.llmrouter.adapters.codec.responses;

/** A base64 {@code data:} URL, the form Responses uses for inline images and files. */
record DataUrl(String mediaType, String base64) {
  private static final String MARKER = ";base64,";

  /** Parses {@code data:<media type>;base64,<data>}; {@code null} for anything else (an https URL, a non-base64 data URL). */
  static DataUrl parse(String url) {
    if (!url.startsWith("data:")) {
      return null;
    }
    int marker = url.indexOf(MARKER);
    if (marker < 0) {
      return null;
    }
    String mediaType = url.substring("data:".length(), marker);
    if (mediaType.isEmpty() || mediaType.indexOf(',') >= 0) {
      return null;
    }
    return new DataUrl(mediaType, url.substring(marker + MARKER.length()));
  }

  static String of(String mediaType, String base64) {
    return "data:" + mediaType + MARKER + base64;
  }
}
