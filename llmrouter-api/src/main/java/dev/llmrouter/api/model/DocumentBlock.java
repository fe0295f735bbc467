package dev.llmrouter.api.model;

/**
 * A document or file (PDF, plain text). One of {@code data}, {@code text}, {@code url} or
 * {@code fileId} is set.
 *
 * @param mediaType e.g. {@code application/pdf} or {@code text/plain}
 * @param data base64 bytes
 * @param text inline plain text
 * @param url a URL to the document
 * @param fileId a provider file id (OpenAI {@code file_id}, Gemini file URI)
 * @param filename optional file name
 * @param title optional title (Anthropic)
 * @param cacheControl optional prompt-cache breakpoint
 * @param extras unmapped fields (citations, context…)
 */
public record DocumentBlock(
    String mediaType,
    String data,
    String text,
    String url,
    String fileId,
    String filename,
    String title,
    CacheControl cacheControl,
    ProviderFields extras)
    implements ContentBlock {
  public DocumentBlock {
    if (data == null && text == null && url == null && fileId == null) {
      throw new IllegalArgumentException("a document needs data, text, a URL or a file id");
    }
    extras = extras == null ? ProviderFields.EMPTY : extras;
  }

  public static DocumentBlock pdf(String base64) {
    return new DocumentBlock("application/pdf", base64, null, null, null, null, null, null, ProviderFields.EMPTY);
  }
}
