package dev.llmrouter.adapters.codec.openai;

import static dev.llmrouter.adapters.codec.JsonSupport.badRequest;
import static dev.llmrouter.adapters.codec.openai.ChatJson.CHAT;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.api.model.ContentBlock;
import dev.llmrouter.api.model.DocumentBlock;
import dev.llmrouter.api.model.ImageBlock;
import dev.llmrouter.api.model.ProviderFields;
import dev.llmrouter.api.model.ReasoningBlock;
import dev.llmrouter.api.model.TextBlock;
import dev.llmrouter.api.model.ToolCallBlock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Content parts and assistant messages, both directions; shared by requests (history) and
 * responses (the answer), which spell them the same way.
 */
final class ChatContent {
  private static final Set<String> TEXT_PART = Set.of("type", "text");
  private static final Set<String> REFUSAL_PART = Set.of("type", "refusal");
  private static final Set<String> IMAGE_PART = Set.of("type", "image_url");
  private static final Set<String> IMAGE_URL = Set.of("url", "detail");
  private static final Set<String> FILE_PART = Set.of("type", "file");
  private static final Set<String> FILE = Set.of("file_data", "file_id", "filename");
  private static final Set<String> TOOL_CALL = Set.of("id", "type", "function", "custom");
  private static final Set<String> FUNCTION_CALL = Set.of("name", "arguments");
  private static final Set<String> CUSTOM_CALL = Set.of("name", "input");
  private static final Set<String> ASSISTANT = Set.of("role", "content", "tool_calls", "reasoning_content");

  /** The extras mark of a refusal: a text block that Chat carries in {@code refusal}, not in {@code content}. */
  private static final String REFUSAL_TYPE = "\"refusal\"";
  /** The extras mark of a call to a {@code custom} (free-form input) tool. */
  private static final String CUSTOM_TYPE = "\"custom\"";

  private ChatContent() {}

  // ---- decoding ----

  /** {@code content} as a string, null, or an array of parts. */
  static List<ContentBlock> blocks(JsonNode content, String path) {
    if (content == null || content.isNull()) {
      return List.of();
    }
    if (content.isString()) {
      return List.of(TextBlock.of(content.stringValue()));
    }
    if (!content.isArray()) {
      throw badRequest(path + " must be a string, an array of content parts or null");
    }
    List<ContentBlock> blocks = new ArrayList<>(content.size());
    for (int i = 0; i < content.size(); i++) {
      blocks.add(part(content.get(i), path + "[" + i + "]"));
    }
    return blocks;
  }

  private static ContentBlock part(JsonNode part, String path) {
    ChatJson.asObject(part, path);
    String type = ChatJson.string(part, "type", path + ".type");
    if (type == null) {
      // lenient: some clients omit the type of text parts
      type = part.has("text") ? "text" : part.has("image_url") ? "image_url" : "";
    }
    switch (type) {
      case "text":
        return new TextBlock(
            ChatJson.requiredString(part, "text", path + ".text"),
            null,
            ChatJson.fields(ChatJson.unknown(part, TEXT_PART)));
      case "refusal":
        return refusal(
            ChatJson.requiredString(part, "refusal", path + ".refusal"), ChatJson.unknown(part, REFUSAL_PART));
      case "image_url":
        return image(part, path);
      case "file":
        return file(part, path);
      case "input_audio":
        throw badRequest(path + ": input_audio parts are not supported; send the audio as a file or transcribe it");
      default:
        throw badRequest(path + ".type '" + type + "' is not a supported content part (text, image_url, file)");
    }
  }

  static TextBlock refusal(String text, Map<String, String> otherFields) {
    otherFields.put("type", REFUSAL_TYPE);
    return new TextBlock(text, null, ChatJson.fields(otherFields));
  }

  private static ImageBlock image(JsonNode part, String path) {
    JsonNode imageUrl = part.get("image_url");
    String url;
    String detail = null;
    if (imageUrl != null && imageUrl.isString()) {
      url = imageUrl.stringValue();
    } else {
      ObjectNode object = ChatJson.object(part, "image_url", path + ".image_url");
      if (object == null) {
        throw badRequest(path + ".image_url is required");
      }
      url = ChatJson.requiredString(object, "url", path + ".image_url.url");
      detail = ChatJson.string(object, "detail", path + ".image_url.detail");
    }
    Map<String, String> extras = ChatJson.unknown(part, IMAGE_PART);
    ChatJson.addNested(extras, "image_url", imageUrl, IMAGE_URL);
    ProviderFields fields = ChatJson.fields(extras);
    if (!url.regionMatches(true, 0, "data:", 0, 5)) {
      return new ImageBlock(null, null, url, detail, null, fields);
    }
    DataUrl data = DataUrl.parse(url);
    if (data == null || data.mediaType() == null) {
      throw badRequest(path + ".image_url.url: a data URL must look like data:<media type>;base64,<data>");
    }
    return new ImageBlock(data.mediaType(), data.data(), null, detail, null, fields);
  }

  private static DocumentBlock file(JsonNode part, String path) {
    ObjectNode file = ChatJson.object(part, "file", path + ".file");
    if (file == null) {
      throw badRequest(path + ".file is required");
    }
    String fileData = ChatJson.string(file, "file_data", path + ".file.file_data");
    String fileId = ChatJson.string(file, "file_id", path + ".file.file_id");
    String filename = ChatJson.string(file, "filename", path + ".file.filename");
    if (fileData == null && fileId == null) {
      throw badRequest(path + ".file needs file_data or file_id");
    }
    String mediaType = null;
    String data = fileData;
    DataUrl url = fileData == null ? null : DataUrl.parse(fileData);
    if (url != null) {
      mediaType = url.mediaType();
      data = url.data();
    }
    Map<String, String> extras = ChatJson.unknown(part, FILE_PART);
    ChatJson.addNested(extras, "file", file, FILE);
    return new DocumentBlock(mediaType, data, null, null, fileId, filename, null, null, ChatJson.fields(extras));
  }

  /** An assistant message's blocks in canonical order (reasoning, text, tool calls) and its unmapped fields. */
  record Assistant(List<ContentBlock> blocks, Map<String, String> extras) {}

  /**
   * Decodes an assistant message.
   *
   * @param fromUpstream an upstream's answer rather than a client's history: also reads OpenRouter's
   *     {@code reasoning} alias, and mints ids for calls that lack one
   */
  static Assistant assistant(JsonNode message, String path, boolean fromUpstream) {
    Set<String> known = new HashSet<>(ASSISTANT);
    List<ContentBlock> blocks = new ArrayList<>();
    String reasoning = ChatJson.string(message, "reasoning_content", path + ".reasoning_content");
    if (reasoning == null && fromUpstream && message.path("reasoning").isString()) {
      reasoning = message.get("reasoning").stringValue();
      known.add("reasoning");
    }
    if (reasoning != null && !reasoning.isEmpty()) {
      blocks.add(new ReasoningBlock(reasoning, null, false, null, CHAT, ProviderFields.EMPTY));
    }
    ArrayNode toolCalls = ChatJson.array(message, "tool_calls", path + ".tool_calls");
    // opencode sends content "" beside tool calls, upstreams beside reasoning: that is no text block
    boolean dropEmpty = fromUpstream || (toolCalls != null && !toolCalls.isEmpty());
    for (ContentBlock block : blocks(message.get("content"), path + ".content")) {
      if (!(dropEmpty && block instanceof TextBlock t && t.text().isEmpty())) {
        blocks.add(block);
      }
    }
    if (message.path("refusal").isString()) {
      known.add("refusal");
      blocks.add(refusal(message.get("refusal").stringValue(), new LinkedHashMap<>()));
    }
    if (toolCalls != null) {
      for (int i = 0; i < toolCalls.size(); i++) {
        blocks.add(toolCall(toolCalls.get(i), path + ".tool_calls[" + i + "]", fromUpstream));
      }
    }
    return new Assistant(blocks, ChatJson.unknown(message, known));
  }

  private static ToolCallBlock toolCall(JsonNode call, String path, boolean mintMissingId) {
    ChatJson.asObject(call, path);
    String id = ChatJson.string(call, "id", path + ".id");
    if (id == null || id.isEmpty()) {
      if (!mintMissingId) {
        throw badRequest(path + ".id is required");
      }
      id = mintCallId();
    }
    Map<String, String> extras = ChatJson.unknown(call, TOOL_CALL);
    String type = ChatJson.string(call, "type", path + ".type");
    if ("custom".equals(type)) {
      ObjectNode custom = ChatJson.object(call, "custom", path + ".custom");
      if (custom == null) {
        throw badRequest(path + ".custom is required");
      }
      String name = ChatJson.requiredString(custom, "name", path + ".custom.name");
      String input = ChatJson.string(custom, "input", path + ".custom.input");
      ObjectNode arguments = JsonSupport.NODES.objectNode().put("input", input == null ? "" : input);
      extras.put("type", CUSTOM_TYPE);
      ChatJson.addNested(extras, "custom", custom, CUSTOM_CALL);
      return new ToolCallBlock(id, name, JsonSupport.write(arguments), null, ChatJson.fields(extras));
    }
    ObjectNode function = ChatJson.object(call, "function", path + ".function");
    if (function == null) {
      throw badRequest(path + ".function is required");
    }
    String name = ChatJson.requiredString(function, "name", path + ".function.name");
    JsonNode arguments = function.get("arguments");
    String argumentsText;
    if (arguments == null || arguments.isNull()) {
      argumentsText = "";
    } else if (arguments.isString()) {
      argumentsText = arguments.stringValue();
    } else if (arguments.isObject()) {
      argumentsText = JsonSupport.write(arguments); // lenient: some servers send an object
    } else {
      throw badRequest(path + ".function.arguments must be a JSON string");
    }
    ChatJson.addNested(extras, "function", function, FUNCTION_CALL);
    return new ToolCallBlock(id, name, argumentsText, null, ChatJson.fields(extras));
  }

  /** An id for a call whose server gave none (some compatible servers do not). */
  static String mintCallId() {
    return "call_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
  }

  /**
   * An empty text block carrying another format's block that has no canonical type (an Anthropic
   * server-tool block, Gemini executable code…): only that format can read it, Chat gets nothing.
   */
  static boolean isForeignOpaque(ContentBlock block) {
    return block instanceof TextBlock t && t.text().isEmpty() && t.extras().origin() != null
        && t.extras().origin() != CHAT;
  }

  static boolean isRefusal(TextBlock block) {
    return REFUSAL_TYPE.equals(block.extras().fieldsFor(CHAT).get("type"));
  }

  // ---- encoding ----

  /** {@code content}: a string when it is one text block without Chat extras, else an array of parts. */
  static JsonNode content(List<? extends ContentBlock> blocks) {
    if (blocks.size() == 1 && blocks.get(0) instanceof TextBlock t && t.extras().fieldsFor(CHAT).isEmpty()) {
      return JsonSupport.NODES.stringNode(t.text());
    }
    ArrayNode parts = JsonSupport.NODES.arrayNode();
    for (ContentBlock block : blocks) {
      ObjectNode part = part(block);
      if (part != null) {
        parts.add(part);
      }
    }
    return parts;
  }

  /** One part, or {@code null} for blocks a Chat message cannot hold (tool calls, reasoning). */
  static ObjectNode part(ContentBlock block) {
    ObjectNode part = JsonSupport.NODES.objectNode();
    if (block instanceof TextBlock t) {
      part.put("type", "text").put("text", t.text());
    } else if (block instanceof ImageBlock image) {
      ObjectNode imageUrl = part.put("type", "image_url").putObject("image_url");
      imageUrl.put("url", image.isBase64() ? DataUrl.format(image.mediaType(), image.data()) : image.url());
      if (image.detail() != null) {
        imageUrl.put("detail", image.detail());
      }
    } else if (block instanceof DocumentBlock document) {
      if (document.data() == null && document.fileId() == null) {
        if (document.text() == null) {
          throw badRequest("a document by URL cannot be sent to an OpenAI Chat upstream; inline it as base64");
        }
        return part.put("type", "text").put("text", document.text());
      }
      ObjectNode file = part.put("type", "file").putObject("file");
      if (document.data() != null) {
        file.put("file_data", document.mediaType() == null
            ? document.data()
            : DataUrl.format(document.mediaType(), document.data()));
      }
      if (document.fileId() != null) {
        file.put("file_id", document.fileId());
      }
      if (document.filename() != null) {
        file.put("filename", document.filename());
      }
    } else {
      return null;
    }
    ChatJson.putExtras(part, block.extras());
    return part;
  }

  /**
   * An assistant message: text in {@code content} ({@code null} without text), refusals in
   * {@code refusal}, reasoning in the non-standard {@code reasoning_content}, calls in
   * {@code tool_calls}.
   *
   * @param replaysReasoning which reasoning blocks go into {@code reasoning_content}
   * @param ids the tool-call id rewrite for the target
   */
  static ObjectNode assistantMessage(
      List<ContentBlock> blocks, Predicate<ReasoningBlock> replaysReasoning, UnaryOperator<String> ids) {
    List<TextBlock> texts = new ArrayList<>();
    StringBuilder refusal = null;
    StringBuilder reasoning = null;
    ArrayNode toolCalls = null;
    for (ContentBlock block : blocks) {
      if (isForeignOpaque(block)) {
        continue;
      }
      if (block instanceof TextBlock t) {
        if (isRefusal(t)) {
          refusal = refusal == null ? new StringBuilder(t.text()) : refusal.append(t.text());
        } else {
          texts.add(t);
        }
      } else if (block instanceof ReasoningBlock r) {
        if (!r.redacted() && !r.text().isEmpty() && replaysReasoning.test(r)) {
          reasoning = reasoning == null ? new StringBuilder(r.text()) : reasoning.append(r.text());
        }
      } else if (block instanceof ToolCallBlock call) {
        if (toolCalls == null) {
          toolCalls = JsonSupport.NODES.arrayNode();
        }
        toolCalls.add(toolCall(call, ids));
      }
    }
    ObjectNode message = JsonSupport.NODES.objectNode().put("role", "assistant");
    if (texts.isEmpty()) {
      message.putNull("content");
    } else {
      message.set("content", content(texts));
    }
    if (refusal != null) {
      message.put("refusal", refusal.toString());
    }
    if (reasoning != null) {
      message.put("reasoning_content", reasoning.toString());
    }
    if (toolCalls != null) {
      message.set("tool_calls", toolCalls);
    }
    return message;
  }

  private static ObjectNode toolCall(ToolCallBlock call, UnaryOperator<String> ids) {
    ObjectNode node = JsonSupport.NODES.objectNode().put("id", ids.apply(call.id()));
    if (CUSTOM_TYPE.equals(call.extras().fieldsFor(CHAT).get("type"))) {
      JsonNode arguments = JsonSupport.parseOrNull(call.arguments());
      String input = arguments != null && arguments.path("input").isString()
          ? arguments.get("input").stringValue()
          : call.arguments();
      node.put("type", "custom").putObject("custom").put("name", call.name()).put("input", input);
    } else {
      // the canonical arguments are already JSON text: what a Chat client sent goes back byte for byte
      String arguments = call.arguments().isBlank() ? "{}" : call.arguments();
      node.put("type", "function").putObject("function").put("name", call.name()).put("arguments", arguments);
    }
    ChatJson.putExtras(node, call.extras());
    return node;
  }

  /** A {@code data:<media type>;base64,<data>} URL. */
  record DataUrl(String mediaType, String data) {
    /** The parts of a base64 data URL, or {@code null} when {@code url} is not one. */
    static DataUrl parse(String url) {
      int comma = url.indexOf(',');
      if (!url.regionMatches(true, 0, "data:", 0, 5) || comma < 0) {
        return null;
      }
      String header = url.substring(5, comma);
      if (!header.toLowerCase(Locale.ROOT).endsWith(";base64")) {
        return null;
      }
      String mediaType = header.substring(0, header.indexOf(';'));
      return new DataUrl(mediaType.isEmpty() ? null : mediaType, url.substring(comma + 1));
    }

    static String format(String mediaType, String data) {
      return "data:" + mediaType + ";base64," + data;
    }
  }
}
