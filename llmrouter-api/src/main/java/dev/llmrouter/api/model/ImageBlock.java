package dev.llmrouter.api.model;

/**
 * An image, inline as base64 or by URL. Exactly one of {@code data} and {@code url} is set.
 *
 * @param mediaType e.g. {@code image/png}; required with {@code data}, optional with {@code url}
 * @param data base64 bytes, without a {@code data:} prefix
 * @param url an https, gs or file URL
 * @param detail OpenAI's {@code auto|low|high}, optional
 * @param cacheControl optional prompt-cache breakpoint
 * @param extras unmapped fields
 */
public record ImageBlock(
    String mediaType, String data, String url, String detail, CacheControl cacheControl, ProviderFields extras)
    implements ContentBlock {
  public ImageBlock {
    if ((data == null) == (url == null)) {
      throw new IllegalArgumentException("an image needs exactly one of base64 data and a URL");
    }
    if (data != null && mediaType == null) {
      throw new IllegalArgumentException("a base64 image needs a media type");
    }
    extras = extras == null ? ProviderFields.EMPTY : extras;
  }

  public static ImageBlock base64(String mediaType, String data) {
    return new ImageBlock(mediaType, data, null, null, null, ProviderFields.EMPTY);
  }

  public static ImageBlock url(String url) {
    return new ImageBlock(null, null, url, null, null, ProviderFields.EMPTY);
  }

  public boolean isBase64() {
    return data != null;
  }
}
