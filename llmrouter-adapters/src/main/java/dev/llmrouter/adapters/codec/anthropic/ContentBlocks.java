package dev.llmrouter.adapters.codec.anthropic;

import static dev.llmrouter.adapters.codec.anthropic.AnthropicJson.FORMAT;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.adapters.codec.ReasoningEnvelope;
import dev.llmrouter.adapters.codec.ToolIds;
import dev.llmrouter.api.model.CacheControl;
import dev.llmrouter.api.model.ContentBlock;
import dev.llmrouter.api.model.DocumentBlock;
import dev.llmrouter.api.model.ImageBlock;
import dev.llmrouter.api.model.ProviderFields;
import dev.llmrouter.api.model.ReasoningBlock;
import dev.llmrouter.api.model.TextBlock;
import dev.llmrouter.api.model.ToolCallBlock;
import dev.llmrouter.api.model.ToolResultBlock;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Anthropic content blocks to canonical blocks and back.
 *
 * <p>Blocks the canonical model has no type for (server-tool blocks such as {@code server_tool_use}
 * and {@code web_search_tool_result}, {@code search_result}, {@code container_upload}, an image
 * from the Files API…) become <em>opaque</em> blocks: a {@link TextBlock} with empty text whose
 * Anthropic extras hold every field of the original, {@code type} included. A regular text block
 * never has {@code type} in its extras, which is how the two are told apart. This codec writes an
 * opaque block back exactly; other encoders see an empty text block and drop it.
 */
final class ContentBlocks {
  /** Which way a block is going: it decides tool ids, empty text and foreign reasoning. */
  enum Target {
    /** In a request to an Anthropic upstream: the API's input rules apply. */
    UPSTREAM,
    /** In a response or stream to an Anthropic client: ids unchanged, foreign reasoning wrapped. */
    CLIENT
  }

  private static final Set<String> TEXT_FIELDS = Set.of("type", "text", "cache_control");
  private static final Set<String> SOURCE_BLOCK_FIELDS = Set.of("type", "source", "cache_control");
  private static final Set<String> DOCUMENT_FIELDS = Set.of("type", "source", "title", "cache_control");
  private static final Set<String> TOOL_USE_FIELDS = Set.of("type", "id", "name", "input", "cache_control");
  private static final Set<String> TOOL_RESULT_FIELDS =
      Set.of("type", "tool_use_id", "content", "is_error", "cache_control");
  private static final Set<String> THINKING_FIELDS = Set.of("type", "thinking", "signature");
  private static final Set<String> REDACTED_FIELDS = Set.of("type", "data");

  private ContentBlocks() {}

  // ---- decoding ----

  /** A {@code content} field: a string (one text block), an array of blocks, or absent. */
  static List<ContentBlock> decodeContent(JsonNode content, String path, JsonReader reader) {
    if (content == null || content.isNull() || content.isMissingNode()) {
      return List.of();
    }
    if (content.isString()) {
      return List.of(TextBlock.of(content.stringValue()));
    }
    if (content instanceof ArrayNode array) {
      List<ContentBlock> blocks = new ArrayList<>(array.size());
      for (int i = 0; i < array.size(); i++) {
        blocks.add(decodeBlock(array.get(i), JsonReader.path(path, i), reader));
      }
      return blocks;
    }
    throw reader.invalid(path, "expected a string or an array of content blocks");
  }

  static ContentBlock decodeBlock(JsonNode node, String path, JsonReader reader) {
    ObjectNode block = reader.object(node, path);
    String type = reader.requiredString(block, "type", path);
    switch (type) {
      case "text":
        return new TextBlock(
            reader.requiredString(block, "text", path),
            AnthropicJson.readCacheControl(block, path, reader),
            AnthropicJson.unknownFields(block, TEXT_FIELDS));
      case "image":
        return decodeImage(block, path, reader);
      case "document":
        return decodeDocument(block, path, reader);
      case "tool_use":
        return new ToolCallBlock(
            reader.requiredString(block, "id", path),
            reader.requiredString(block, "name", path),
            toolArguments(block.get("input")),
            AnthropicJson.readCacheControl(block, path, reader),
            AnthropicJson.unknownFields(block, TOOL_USE_FIELDS));
      case "tool_result":
        return new ToolResultBlock(
            reader.requiredString(block, "tool_use_id", path),
            null,
            decodeContent(block.get("content"), JsonReader.path(path, "content"), reader),
            Boolean.TRUE.equals(reader.optionalBoolean(block, "is_error", path)),
            AnthropicJson.readCacheControl(block, path, reader),
            AnthropicJson.unknownFields(block, TOOL_RESULT_FIELDS));
      case "thinking":
        return decodeThinking(block, path, reader);
      case "redacted_thinking":
        String data = reader.requiredString(block, "data", path);
        ReasoningBlock carried = ReasoningEnvelope.unwrap(data);
        return carried != null
            ? carried
            : new ReasoningBlock("", data, true, null, FORMAT, AnthropicJson.unknownFields(block, REDACTED_FIELDS));
      default:
        return opaque(block);
    }
  }

  /** Tool input as JSON text: an object is written compactly; a string is taken as the JSON text itself. */
  static String toolArguments(JsonNode input) {
    if (input == null || input.isNull() || input.isMissingNode()) {
      return "{}";
    }
    return input.isString() ? input.stringValue() : JsonSupport.write(input);
  }

  private static ContentBlock decodeImage(ObjectNode block, String path, JsonReader reader) {
    String sourcePath = JsonReader.path(path, "source");
    ObjectNode source = reader.requiredObject(block, "source", path);
    CacheControl cacheControl = AnthropicJson.readCacheControl(block, path, reader);
    ProviderFields extras = AnthropicJson.unknownFields(block, SOURCE_BLOCK_FIELDS);
    switch (reader.requiredString(source, "type", sourcePath)) {
      case "base64":
        return new ImageBlock(
            reader.requiredString(source, "media_type", sourcePath),
            reader.requiredString(source, "data", sourcePath),
            null,
            null,
            cacheControl,
            extras);
      case "url":
        return new ImageBlock(null, null, reader.requiredString(source, "url", sourcePath), null, cacheControl, extras);
      default:
        return opaque(block);
    }
  }

  private static ContentBlock decodeDocument(ObjectNode block, String path, JsonReader reader) {
    String sourcePath = JsonReader.path(path, "source");
    ObjectNode source = reader.requiredObject(block, "source", path);
    CacheControl cacheControl = AnthropicJson.readCacheControl(block, path, reader);
    String title = reader.optionalString(block, "title", path);
    ProviderFields extras = AnthropicJson.unknownFields(block, DOCUMENT_FIELDS);
    String mediaType = reader.optionalString(source, "media_type", sourcePath);
    switch (reader.requiredString(source, "type", sourcePath)) {
      case "base64":
        return new DocumentBlock(
            mediaType, reader.requiredString(source, "data", sourcePath), null, null, null, null, title, cacheControl,
            extras);
      case "text":
        return new DocumentBlock(
            mediaType == null ? "text/plain" : mediaType, null, reader.requiredString(source, "data", sourcePath),
            null, null, null, title, cacheControl, extras);
      case "url":
        return new DocumentBlock(
            mediaType, null, null, reader.requiredString(source, "url", sourcePath), null, null, title, cacheControl,
            extras);
      case "file":
        return new DocumentBlock(
            mediaType, null, null, null, reader.requiredString(source, "file_id", sourcePath), null, title,
            cacheControl, extras);
      case "content":
        // Other formats get the text; the source itself rides in the extras so that Anthropic gets its blocks back.
        StringBuilder text = new StringBuilder();
        for (ContentBlock inner : decodeContent(source.get("content"), JsonReader.path(sourcePath, "content"), reader)) {
          if (inner instanceof TextBlock t && !t.text().isEmpty()) {
            text.append(text.length() == 0 ? "" : "\n").append(t.text());
          }
        }
        return new DocumentBlock(
            "text/plain", null, text.toString(), null, null, null, title, cacheControl,
            extras.with(FORMAT, "source", JsonSupport.write(source)));
      default:
        return opaque(block);
    }
  }

  private static ReasoningBlock decodeThinking(ObjectNode block, String path, JsonReader reader) {
    String thinking = reader.optionalString(block, "thinking", path);
    String signature = reader.optionalString(block, "signature", path);
    ReasoningBlock carried = ReasoningEnvelope.unwrap(signature);
    if (carried != null) {
      return carried;
    }
    return new ReasoningBlock(
        thinking == null ? "" : thinking, signature, false, null, FORMAT,
        AnthropicJson.unknownFields(block, THINKING_FIELDS));
  }

  static TextBlock opaque(ObjectNode block) {
    return new TextBlock("", null, ProviderFields.of(FORMAT, AnthropicJson.rawFields(block)));
  }

  static boolean isOpaque(ContentBlock block) {
    return block instanceof TextBlock t
        && t.extras().origin() == FORMAT
        && t.extras().get("type") != null;
  }

  // ---- encoding ----

  /** One block as Anthropic JSON, or {@code null} when it has no place in {@code target}. */
  static ObjectNode encodeBlock(ContentBlock block, Target target) {
    if (block instanceof TextBlock t) {
      return encodeText(t, target);
    }
    ObjectNode node;
    if (block instanceof ImageBlock image) {
      node = encodeImage(image);
    } else if (block instanceof DocumentBlock document) {
      node = encodeDocument(document);
    } else if (block instanceof ToolCallBlock call) {
      node = encodeToolUse(call, target);
    } else if (block instanceof ToolResultBlock result) {
      node = encodeToolResult(result, target);
    } else {
      return encodeReasoning((ReasoningBlock) block, target);
    }
    AnthropicJson.putExtras(node, block.extras());
    return node;
  }

  private static ObjectNode encodeText(TextBlock block, Target target) {
    ObjectNode node = JsonSupport.NODES.objectNode();
    if (isOpaque(block)) {
      AnthropicJson.putExtras(node, block.extras());
      return node;
    }
    if (block.text().isBlank()) {
      // "text content blocks must be non-empty" (P15); in an answer too, because the client replays it
      return null;
    }
    node.put("type", "text");
    node.put("text", block.text());
    AnthropicJson.writeCacheControl(node, block.cacheControl());
    AnthropicJson.putExtras(node, block.extras());
    return node;
  }

  private static ObjectNode encodeImage(ImageBlock image) {
    ObjectNode node = JsonSupport.NODES.objectNode();
    node.put("type", "image");
    ObjectNode source = node.putObject("source");
    String url = image.url();
    int comma = url == null ? -1 : url.indexOf(',');
    if (image.isBase64()) {
      source.put("type", "base64");
      source.put("media_type", image.mediaType());
      source.put("data", image.data());
    } else if (url.startsWith("data:") && comma > 0 && url.substring(0, comma).endsWith(";base64")) {
      // an OpenAI-style data URL that reached the canonical model as a URL: Anthropic fetches only http(s)
      source.put("type", "base64");
      source.put("media_type", url.substring(5, comma - ";base64".length()));
      source.put("data", url.substring(comma + 1));
    } else {
      source.put("type", "url");
      source.put("url", image.url());
    }
    AnthropicJson.writeCacheControl(node, image.cacheControl());
    return node;
  }

  private static ObjectNode encodeDocument(DocumentBlock document) {
    ObjectNode node = JsonSupport.NODES.objectNode();
    node.put("type", "document");
    String rawSource = document.extras().fieldsFor(FORMAT).get("source");
    if (rawSource != null) {
      node.set("source", JsonSupport.parseOrNull(rawSource));
    } else {
      ObjectNode source = node.putObject("source");
      if (document.data() != null) {
        if (document.mediaType() != null && document.mediaType().startsWith("text/")) {
          // Anthropic takes base64 only for PDFs; plain text goes as a text source.
          source.put("type", "text");
          source.put("media_type", "text/plain");
          source.put("data", decodeBase64Text(document.data()));
        } else {
          source.put("type", "base64");
          source.put("media_type", document.mediaType() == null ? "application/pdf" : document.mediaType());
          source.put("data", document.data());
        }
      } else if (document.text() != null) {
        source.put("type", "text");
        source.put("media_type", "text/plain");
        source.put("data", document.text());
      } else if (document.url() != null) {
        source.put("type", "url");
        source.put("url", document.url());
      } else {
        source.put("type", "file");
        source.put("file_id", document.fileId());
      }
    }
    if (document.title() != null) {
      node.put("title", document.title());
    }
    AnthropicJson.writeCacheControl(node, document.cacheControl());
    return node;
  }

  private static String decodeBase64Text(String data) {
    try {
      return new String(Base64.getDecoder().decode(data), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notBase64) {
      return data;
    }
  }

  private static ObjectNode encodeToolUse(ToolCallBlock call, Target target) {
    ObjectNode node = JsonSupport.NODES.objectNode();
    node.put("type", "tool_use");
    node.put("id", target == Target.UPSTREAM ? ToolIds.forAnthropic(call.id()) : call.id());
    node.put("name", call.name());
    node.set("input", toolInput(call.arguments()));
    AnthropicJson.writeCacheControl(node, call.cacheControl());
    return node;
  }

  /**
   * Anthropic needs {@code input} as an object. Arguments that do not parse as one (cut by
   * max_tokens, a model's malformed JSON) are sent as {@code {}}: the raw text stays in the
   * canonical block, and inventing a partial object would be worse than sending none (§8.0).
   */
  static ObjectNode toolInput(String arguments) {
    JsonNode parsed = JsonSupport.parseOrNull(arguments);
    return parsed instanceof ObjectNode object ? object : JsonSupport.NODES.objectNode();
  }

  private static ObjectNode encodeToolResult(ToolResultBlock result, Target target) {
    ObjectNode node = JsonSupport.NODES.objectNode();
    node.put("type", "tool_result");
    node.put("tool_use_id", target == Target.UPSTREAM ? ToolIds.forAnthropic(result.toolCallId()) : result.toolCallId());
    List<ObjectNode> parts = new ArrayList<>();
    for (ContentBlock inner : result.content()) {
      ObjectNode part = encodeBlock(inner, target);
      if (part != null) {
        parts.add(part);
      }
    }
    if (parts.size() == 1 && isPlainText(parts.get(0))) {
      node.put("content", parts.get(0).get("text").stringValue());
    } else if (!parts.isEmpty()) {
      node.putArray("content").addAll(parts);
    }
    if (result.isError()) {
      node.put("is_error", true);
    }
    AnthropicJson.writeCacheControl(node, result.cacheControl());
    return node;
  }

  private static boolean isPlainText(ObjectNode part) {
    return part.size() == 2 && "text".equals(part.path("type").asString("")) && part.path("text").isString();
  }

  private static ObjectNode encodeReasoning(ReasoningBlock block, Target target) {
    ReasoningBlock own = ownReasoning(block);
    if (own != null && own.hasStateFor(FORMAT)) {
      return nativeReasoning(own);
    }
    if (target == Target.UPSTREAM) {
      return null; // foreign or unsigned reasoning: Anthropic rejects what it did not sign
    }
    ObjectNode node = JsonSupport.NODES.objectNode();
    node.put("type", "thinking");
    node.put("thinking", block.text());
    node.put("signature", ReasoningEnvelope.wrap(block));
    return node;
  }

  /** The block as Anthropic issued it: itself, or what a foreign block's envelope carried back; else {@code null}. */
  private static ReasoningBlock ownReasoning(ReasoningBlock block) {
    if (block.origin() == FORMAT) {
      return block;
    }
    ReasoningBlock carried = ReasoningEnvelope.unwrap(block.signature());
    return carried != null && carried.origin() == FORMAT ? carried : null;
  }

  private static ObjectNode nativeReasoning(ReasoningBlock block) {
    ObjectNode node = JsonSupport.NODES.objectNode();
    if (block.redacted()) {
      node.put("type", "redacted_thinking");
      node.put("data", block.signature());
    } else {
      node.put("type", "thinking");
      node.put("thinking", block.text());
      node.put("signature", block.signature());
    }
    AnthropicJson.putExtras(node, block.extras());
    return node;
  }

  /** Whether an encoded block is reasoning (an assistant turn in a tool loop must start with one). */
  static boolean isReasoning(ObjectNode encoded) {
    String type = encoded.path("type").asString("");
    return type.equals("thinking") || type.equals("redacted_thinking");
  }

  static boolean isToolResult(ObjectNode encoded) {
    return "tool_result".equals(encoded.path("type").asString(""));
  }

  static boolean isToolUse(ObjectNode encoded) {
    return "tool_use".equals(encoded.path("type").asString(""));
  }
}
