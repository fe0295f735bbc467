package dev.llmrouter.adapters.codec.responses;

import static dev.llmrouter.adapters.codec.JsonSupport.badRequest;
import static dev.llmrouter.adapters.codec.responses.JsonFields.optString;
import static dev.llmrouter.adapters.codec.responses.JsonFields.path;
import static dev.llmrouter.adapters.codec.responses.JsonFields.requireString;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.adapters.codec.ReasoningEnvelope;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.model.ContentBlock;
import dev.llmrouter.api.model.DocumentBlock;
import dev.llmrouter.api.model.ImageBlock;
import dev.llmrouter.api.model.ProviderFields;
import dev.llmrouter.api.model.ReasoningBlock;
import dev.llmrouter.api.model.TextBlock;
import dev.llmrouter.api.model.ToolCallBlock;
import dev.llmrouter.api.model.ToolResultBlock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Conversions between Responses items (and their content parts) and canonical blocks, shared by the
 * request, response and stream codecs.
 *
 * <p>What rides in block extras (all tagged {@link WireFormat#OPENAI_RESPONSES}):
 *
 * <ul>
 *   <li>{@link TextBlock} of an assistant {@code message} item: the part's own unmapped fields
 *       ({@code annotations}, {@code logprobs}), {@code "type":"refusal"} for a refusal part, and under
 *       {@link #ITEM} the item's fields ({@code id}, {@code status}, {@code phase}…), so that blocks of
 *       one item regroup into one item;
 *   <li>{@link ToolCallBlock}: the item {@code id} ({@code fc_…}), {@code status}, {@code namespace}…, and
 *       {@code "type":"custom_tool_call"} for custom tool calls (arguments are then {@code {"input":…}});
 *   <li>{@link ToolResultBlock}: the item {@code id}/{@code status}, {@code "type":"custom_tool_call_output"};
 *   <li>{@link ReasoningBlock}: {@code summary} when it cannot be rebuilt from the text (several parts),
 *       {@code content}, {@code status}.
 * </ul>
 *
 * <p>Items the canonical model has no block for ({@code web_search_call}, {@code compaction},
 * {@code item_reference}, {@code local_shell_call}…) travel as a {@link ReasoningBlock} of this
 * origin whose signature is the item's raw JSON: other formats drop foreign reasoning, and this
 * codec writes the item back verbatim.
 */
final class Items {
  static final WireFormat FORMAT = WireFormat.OPENAI_RESPONSES;
  /** Extras key of a {@link TextBlock} holding the fields of the message item it belongs to. */
  static final String ITEM = "item";

  static final String CUSTOM_CALL = "custom_tool_call";
  static final String CUSTOM_OUTPUT = "custom_tool_call_output";

  /** Whether a decoded item came from a client's request or an upstream's answer. */
  enum Source {
    /** Item fields are kept whole, so the request re-encodes without loss. */
    CLIENT,
    /**
     * Fields that change while an item streams ({@code status}, empty {@code annotations}) are left
     * out, so that a streamed answer accumulates to the same blocks as the whole answer.
     */
    UPSTREAM
  }

  private Items() {}

  // ---------------------------------------------------------------- reading

  /** The text blocks of an assistant {@code message} item, one per content part. */
  static List<ContentBlock> assistantMessage(ObjectNode item, Source source, String path) {
    String itemFields = itemFields(item, source);
    JsonNode content = item.get("content");
    List<ContentBlock> blocks = new ArrayList<>();
    if (content != null && content.isString()) {
      blocks.add(withItem(TextBlock.of(content.stringValue()), itemFields));
      return blocks;
    }
    if (!(content instanceof ArrayNode parts)) {
      throw badRequest(path(path, "content") + " must be a string or an array of content parts");
    }
    for (int i = 0; i < parts.size(); i++) {
      String partPath = path(path(path, "content"), i);
      ContentBlock block = part(JsonFields.object(parts.get(i), partPath), source, partPath);
      if (!(block instanceof TextBlock text)) {
        throw badRequest(partPath + ": an assistant message holds only output_text and refusal parts");
      }
      blocks.add(withItem(text, itemFields));
    }
    return blocks;
  }

  /** The fields of a message item that are not its content, as raw JSON, or {@code null} when none. */
  private static String itemFields(ObjectNode item, Source source) {
    ObjectNode fields = item.deepCopy();
    fields.remove(List.of("type", "role", "content"));
    if (source == Source.UPSTREAM) {
      fields.remove("status");
    }
    return fields.isEmpty() ? null : JsonSupport.write(fields);
  }

  private static TextBlock withItem(TextBlock block, String itemFields) {
    if (itemFields == null) {
      return block;
    }
    return new TextBlock(block.text(), null, block.extras().with(FORMAT, ITEM, itemFields));
  }

  /** A content part of a message item or of a {@code function_call_output}. */
  static ContentBlock part(ObjectNode part, Source source, String path) {
    String type = requireString(part, "type", path);
    switch (type) {
      case "input_text":
      case "output_text":
        return new TextBlock(requireString(part, "text", path), null, partExtras(part, source, "type", "text"));
      case "refusal":
        // the part's type stays in the extras: it marks the text as a refusal
        return new TextBlock(requireString(part, "refusal", path), null, partExtras(part, source, "refusal"));
      case "input_image":
        return image(part, path);
      case "input_file":
        return file(part, path);
      default:
        throw badRequest(path(path, "type") + " '" + type + "' is not a supported content part");
    }
  }

  private static ProviderFields partExtras(ObjectNode part, Source source, String... known) {
    ObjectNode rest = part.deepCopy();
    rest.remove(List.of(known));
    if (source == Source.UPSTREAM) {
      for (String name : List.of("annotations", "logprobs")) {
        JsonNode value = rest.get(name);
        if (value != null && (value.isNull() || value.isArray() && value.isEmpty())) {
          rest.remove(name);
        }
      }
    }
    return JsonSupport.unknownFields(rest, Set.of(), FORMAT);
  }

  private static ContentBlock image(ObjectNode part, String path) {
    String url = optString(part, "image_url", path);
    String detail = optString(part, "detail", path);
    if (url != null) {
      ProviderFields extras = JsonSupport.unknownFields(part, Set.of("type", "image_url", "detail"), FORMAT);
      DataUrl data = DataUrl.parse(url);
      return data != null
          ? new ImageBlock(data.mediaType(), data.base64(), null, detail, null, extras)
          : new ImageBlock(null, null, url, detail, null, extras);
    }
    String fileId = optString(part, "file_id", path);
    if (fileId == null) {
      throw badRequest(path + ": input_image needs image_url or file_id");
    }
    // an image held by OpenAI's file store has no bytes or URL for an ImageBlock: it rides as a
    // document with a file id, marked so that it comes back as an input_image
    ProviderFields extras = JsonSupport.unknownFields(part, Set.of("file_id"), FORMAT);
    return new DocumentBlock(null, null, null, null, fileId, null, null, null, extras);
  }

  private static ContentBlock file(ObjectNode part, String path) {
    String fileData = optString(part, "file_data", path);
    String fileId = optString(part, "file_id", path);
    String fileUrl = optString(part, "file_url", path);
    String filename = optString(part, "filename", path);
    if (fileData == null && fileId == null && fileUrl == null) {
      throw badRequest(path + ": input_file needs file_data, file_id or file_url");
    }
    String mediaType = null;
    String data = fileData;
    DataUrl parsed = fileData == null ? null : DataUrl.parse(fileData);
    if (parsed != null) {
      mediaType = parsed.mediaType();
      data = parsed.base64();
    }
    ProviderFields extras =
        JsonSupport.unknownFields(part, Set.of("type", "file_data", "file_id", "file_url", "filename"), FORMAT);
    return new DocumentBlock(mediaType, data, null, fileUrl, fileId, filename, null, null, extras);
  }

  /** A {@code function_call} or {@code custom_tool_call} item. */
  static ToolCallBlock toolCall(ObjectNode item, Source source, String path) {
    String type = requireString(item, "type", path);
    String callId = requireString(item, "call_id", path);
    String name = requireString(item, "name", path);
    boolean custom = CUSTOM_CALL.equals(type);
    Set<String> known = new HashSet<>(List.of("type", "call_id", "name", custom ? "input" : "arguments"));
    if (source == Source.UPSTREAM) {
      known.add("status");
    }
    ProviderFields extras = JsonSupport.unknownFields(item, known, FORMAT);
    String arguments;
    if (custom) {
      arguments = customArguments(optString(item, "input", path));
      extras = extras.with(FORMAT, "type", "\"" + CUSTOM_CALL + "\"");
    } else {
      JsonNode args = item.get("arguments");
      if (args == null || args.isNull()) {
        arguments = "";
      } else if (args.isString()) {
        arguments = args.stringValue();
      } else if (args.isContainer()) {
        arguments = JsonSupport.write(args);
      } else {
        throw badRequest(path(path, "arguments") + " must be a JSON string");
      }
    }
    return new ToolCallBlock(callId, name, arguments, null, extras);
  }

  /** Canonical arguments of a custom tool call: its free-form input as {@code {"input": …}}. */
  static String customArguments(String input) {
    ObjectNode args = JsonSupport.NODES.objectNode();
    args.put("input", input == null ? "" : input);
    return JsonSupport.write(args);
  }

  /** A {@code function_call_output} or {@code custom_tool_call_output} item. */
  static ToolResultBlock toolResult(ObjectNode item, Map<String, String> callNames, String path) {
    String type = requireString(item, "type", path);
    String callId = requireString(item, "call_id", path);
    ProviderFields extras = JsonSupport.unknownFields(item, Set.of("type", "call_id", "output"), FORMAT);
    if (CUSTOM_OUTPUT.equals(type)) {
      extras = extras.with(FORMAT, "type", "\"" + CUSTOM_OUTPUT + "\"");
    }
    List<ContentBlock> content = new ArrayList<>();
    JsonNode output = item.get("output");
    String outputPath = path(path, "output");
    if (output != null && output.isString()) {
      if (!output.stringValue().isEmpty()) {
        content.add(TextBlock.of(output.stringValue()));
      }
    } else if (output instanceof ArrayNode parts) {
      for (int i = 0; i < parts.size(); i++) {
        String partPath = path(outputPath, i);
        content.add(part(JsonFields.object(parts.get(i), partPath), Source.CLIENT, partPath));
      }
    } else if (output != null && !output.isNull()) {
      throw badRequest(outputPath + " must be a string or an array of content parts");
    }
    return new ToolResultBlock(callId, callNames.get(callId), content, false, null, extras);
  }

  /** A {@code reasoning} item; an item whose encrypted content is a router envelope gives back the original block. */
  static ReasoningBlock reasoning(ObjectNode item, Source source) {
    String encrypted = JsonFields.text(item, "encrypted_content");
    ReasoningBlock foreign = ReasoningEnvelope.unwrap(encrypted);
    if (foreign != null) {
      return foreign;
    }
    JsonNode summary = item.get("summary");
    String text = joinTexts(summary, "text");
    if (text.isEmpty()) {
      text = joinTexts(item.get("content"), "text");
    }
    Set<String> known = new HashSet<>(List.of("type", "id", "summary", "encrypted_content"));
    if (source == Source.UPSTREAM) {
      known.add("status");
    }
    ProviderFields extras = JsonSupport.unknownFields(item, known, FORMAT);
    if (summary != null && !summary.equals(summaryOf(text))) {
      extras = extras.with(FORMAT, "summary", JsonSupport.write(summary));
    }
    return new ReasoningBlock(text, encrypted, false, JsonFields.text(item, "id"), FORMAT, extras);
  }

  /** Texts of the parts of a summary or content array, joined by blank lines. */
  static String joinTexts(JsonNode parts, String field) {
    StringBuilder sb = new StringBuilder();
    if (parts instanceof ArrayNode array) {
      for (JsonNode part : array) {
        String text = JsonFields.text(part, field);
        if (text != null && !text.isEmpty()) {
          if (sb.length() > 0) {
            sb.append("\n\n");
          }
          sb.append(text);
        }
      }
    }
    return sb.toString();
  }

  /** An item the canonical model has no block for, carried whole (see the class comment). */
  static ReasoningBlock opaque(ObjectNode item) {
    return new ReasoningBlock("", JsonSupport.write(item), false, JsonFields.text(item, "id"), FORMAT, ProviderFields.EMPTY);
  }

  static boolean isOpaque(ReasoningBlock block) {
    return block.origin() == FORMAT && block.signature() != null && block.signature().startsWith("{");
  }

  // ---------------------------------------------------------------- writing

  /** The summary array a reasoning text stands for: one part, or none when the text is empty. */
  static ArrayNode summaryOf(String text) {
    ArrayNode summary = JsonSupport.NODES.arrayNode();
    if (!text.isEmpty()) {
      summary.addObject().put("type", "summary_text").put("text", text);
    }
    return summary;
  }

  /** The Responses extras of a block, or an empty map for a block of another origin. */
  static Map<String, String> extras(ContentBlock block) {
    return block.extras().fieldsFor(FORMAT);
  }

  /** The raw JSON value of a string extra, or {@code null}. */
  static String extraString(ContentBlock block, String name) {
    String raw = extras(block).get(name);
    JsonNode node = raw == null ? null : JsonSupport.parseOrNull(raw);
    return node != null && node.isString() ? node.stringValue() : null;
  }

  /** Writes the Responses extras of a block, except {@code skip}, without replacing set fields. */
  static void putExtras(ObjectNode target, ContentBlock block, String... skip) {
    Set<String> skipped = Set.of(skip);
    for (Map.Entry<String, String> field : extras(block).entrySet()) {
      if (!skipped.contains(field.getKey()) && !target.has(field.getKey())) {
        JsonNode value = JsonSupport.parseOrNull(field.getValue());
        if (value != null) {
          target.set(field.getKey(), value);
        }
      }
    }
  }

  /**
   * A content part for a message item. Assistant text becomes {@code output_text} (or a refusal);
   * {@code full} adds the empty {@code annotations}/{@code logprobs} an output item carries.
   * Returns {@code null} for blocks a message cannot hold.
   */
  static ObjectNode messagePart(ContentBlock block, boolean assistant, boolean full) {
    ObjectNode part = JsonSupport.NODES.objectNode();
    if (block instanceof TextBlock text) {
      if ("refusal".equals(extraString(block, "type"))) {
        part.put("type", "refusal").put("refusal", text.text());
      } else if (assistant) {
        part.put("type", "output_text");
        if (full) {
          part.putArray("annotations");
          part.putArray("logprobs");
        }
        part.put("text", text.text());
      } else {
        part.put("type", "input_text").put("text", text.text());
      }
      putExtras(part, block, ITEM, "type");
      return part;
    }
    if (assistant) {
      return null; // assistant history holds text only
    }
    if (block instanceof ImageBlock image) {
      part.put("type", "input_image");
      part.put("image_url", image.isBase64() ? DataUrl.of(image.mediaType(), image.data()) : image.url());
      part.put("detail", image.detail() == null ? "auto" : image.detail());
      putExtras(part, block);
      return part;
    }
    if (block instanceof DocumentBlock doc) {
      return documentPart(doc, part);
    }
    return null;
  }

  private static ObjectNode documentPart(DocumentBlock doc, ObjectNode part) {
    Map<String, String> extras = extras(doc);
    if ("\"input_image\"".equals(extras.get("type"))) {
      part.put("type", "input_image").put("file_id", doc.fileId());
      putExtras(part, doc);
      return part;
    }
    if (doc.data() == null && doc.url() == null && doc.fileId() == null) {
      // a plain-text document (Anthropic): Responses has no text file part
      return part.put("type", "input_text").put("text", doc.text());
    }
    part.put("type", "input_file");
    if (doc.data() != null) {
      part.put("file_data", doc.mediaType() == null ? doc.data() : DataUrl.of(doc.mediaType(), doc.data()));
    }
    if (doc.fileId() != null) {
      part.put("file_id", doc.fileId());
    }
    if (doc.url() != null) {
      part.put("file_url", doc.url());
    }
    if (doc.filename() != null) {
      part.put("filename", doc.filename());
    }
    putExtras(part, doc);
    return part;
  }

  /**
   * A {@code function_call} (or {@code custom_tool_call}) item.
   *
   * @param id the item id to write when the block carries none ({@code null}: none)
   * @param status the status to write when the block carries none ({@code null}: none)
   */
  static ObjectNode toolCallItem(ToolCallBlock call, String id, String status) {
    ObjectNode item = JsonSupport.NODES.objectNode();
    String itemId = extraString(call, "id") != null ? extraString(call, "id") : id;
    if (itemId != null) {
      item.put("id", itemId);
    }
    boolean custom = CUSTOM_CALL.equals(extraString(call, "type"));
    item.put("type", custom ? CUSTOM_CALL : "function_call");
    if (status != null && extraString(call, "status") == null) {
      item.put("status", status);
    }
    if (custom) {
      item.put("call_id", call.id()).put("name", call.name()).put("input", customInput(call.arguments()));
    } else {
      item.put("arguments", call.arguments()).put("call_id", call.id()).put("name", call.name());
    }
    putExtras(item, call, "type");
    return item;
  }

  /** The free-form input of a custom tool call from its canonical arguments. */
  static String customInput(String arguments) {
    JsonNode args = JsonSupport.parseOrNull(arguments);
    JsonNode input = args == null ? null : args.get("input");
    return input != null && input.isString() ? input.stringValue() : arguments;
  }

  /** A {@code function_call_output} (or {@code custom_tool_call_output}) item; output is a string unless it holds images or files. */
  static ObjectNode toolResultItem(ToolResultBlock result) {
    ObjectNode item = JsonSupport.NODES.objectNode();
    boolean custom = CUSTOM_OUTPUT.equals(extraString(result, "type"));
    item.put("type", custom ? CUSTOM_OUTPUT : "function_call_output");
    item.put("call_id", result.toolCallId());
    boolean textOnly = result.content().stream().allMatch(b -> b instanceof TextBlock);
    if (textOnly) {
      String text = result.textContent();
      item.put("output", result.isError() ? errorText(text) : text);
    } else {
      ArrayNode output = item.putArray("output");
      if (result.isError()) {
        output.addObject().put("type", "input_text").put("text", "Error:");
      }
      for (ContentBlock block : result.content()) {
        ObjectNode part = messagePart(block, false, false);
        if (part != null) {
          output.add(part);
        }
      }
    }
    putExtras(item, result, "type");
    return item;
  }

  private static String errorText(String text) {
    return text.isEmpty() ? "Error" : "Error: " + text;
  }

  /**
   * A {@code reasoning} item for a block of this origin (its id, summary and encrypted content
   * replayed unchanged), or the carried item itself for an {@link #opaque} block.
   *
   * @param id the id to write when the block has none
   */
  static ObjectNode reasoningItem(ReasoningBlock block, String id) {
    if (isOpaque(block)) {
      JsonNode item = JsonSupport.parseOrNull(block.signature());
      if (item instanceof ObjectNode object) {
        return object;
      }
    }
    ObjectNode item = JsonSupport.NODES.objectNode();
    String itemId = block.id() != null ? block.id() : id;
    if (itemId != null) {
      item.put("id", itemId);
    }
    item.put("type", "reasoning");
    String summary = extras(block).get("summary");
    JsonNode rawSummary = summary == null ? null : JsonSupport.parseOrNull(summary);
    item.set("summary", rawSummary != null ? rawSummary : summaryOf(block.text()));
    if (block.signature() != null) {
      item.put("encrypted_content", block.signature());
    }
    putExtras(item, block, "summary");
    return item;
  }

  /** A {@code reasoning} item carrying a block of another origin in a router envelope. */
  static ObjectNode envelopeItem(ReasoningBlock block, String id) {
    ObjectNode item = JsonSupport.NODES.objectNode();
    item.put("id", id).put("type", "reasoning");
    item.set("summary", summaryOf(block.text()));
    item.put("encrypted_content", ReasoningEnvelope.wrap(block));
    return item;
  }
}
