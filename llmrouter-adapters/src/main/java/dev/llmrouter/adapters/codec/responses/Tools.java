package dev.llmrouter.adapters.codec.responses;

import static dev.llmrouter.adapters.codec.responses.Items.FORMAT;
import static dev.llmrouter.adapters.codec.responses.JsonFields.optBoolean;
import static dev.llmrouter.adapters.codec.responses.JsonFields.optString;
import static dev.llmrouter.adapters.codec.responses.JsonFields.path;
import static dev.llmrouter.adapters.codec.responses.JsonFields.requireString;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.api.model.ChatRequest;
import dev.llmrouter.api.model.ChatResponse;
import dev.llmrouter.api.model.ContentBlock;
import dev.llmrouter.api.model.ProviderFields;
import dev.llmrouter.api.model.Tool;
import dev.llmrouter.api.model.ToolCallBlock;
import dev.llmrouter.api.spi.StreamEncoder;
import dev.llmrouter.api.stream.StreamEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Responses tool definitions, and the Codex tool kinds other formats lack (P22), made callable
 * through any upstream:
 *
 * <ul>
 *   <li>a {@code custom} tool (free-form input, e.g. {@code apply_patch}) is a canonical function with
 *       one string argument {@code input}, its grammar in that argument's description; a call to it
 *       comes back to the client as a {@code custom_tool_call} whose input is that argument;
 *   <li>a {@code namespace} tool is flattened into one canonical function per member, named
 *       {@code <namespace>__<member>}; a call to one comes back as a call of {@code member} with its
 *       {@code namespace};
 *   <li>every other kind ({@code web_search}, {@code local_shell}, {@code tool_search}, {@code mcp}…)
 *       keeps its type and raw JSON for a Responses upstream; other formats have no equivalent and
 *       drop it (the model runs without it rather than the request failing).
 * </ul>
 *
 * Extras of a flattened member (origin Responses): {@value #NAMESPACE} holds the namespace's own
 * fields, to regroup the members for a Responses upstream and to answer the client; a custom tool
 * keeps {@code "type": "custom"} and its {@code format}.
 */
final class Tools {
  /** Extras key of a namespace member: the namespace's fields without its members. A note, never a wire field. */
  static final String NAMESPACE = "llmr:namespace";

  static final String CUSTOM = "custom";
  private static final String CUSTOM_TYPE = "\"" + CUSTOM + "\"";
  private static final String SEPARATOR = "__";
  private static final Set<String> FUNCTION_FIELDS = Set.of("type", "name", "description", "parameters", "strict");

  private Tools() {}

  // ---------------------------------------------------------------- reading a client's tools

  /** The canonical tools of one entry of {@code tools}: one, or one per member of a namespace. */
  static List<Tool> decode(ObjectNode tool, String path) {
    String type = requireString(tool, "type", path);
    if ("namespace".equals(type) && tool.get("tools") instanceof ArrayNode members) {
      ObjectNode fields = tool.deepCopy();
      fields.remove("tools");
      String namespace = requireString(tool, "name", path);
      String note = JsonSupport.write(fields);
      List<Tool> flat = new ArrayList<>(members.size());
      for (int i = 0; i < members.size(); i++) {
        String memberPath = path(path(path, "tools"), i);
        for (Tool member : decode(JsonFields.object(members.get(i), memberPath), memberPath)) {
          flat.add(new Tool(member.type(), namespace + SEPARATOR + member.name(), member.description(),
              member.inputSchema(), member.strict(), member.cacheControl(),
              member.extras().with(FORMAT, NAMESPACE, note)));
        }
      }
      return flat;
    }
    if (Tool.FUNCTION.equals(type)) {
      JsonNode parameters = tool.get("parameters");
      return List.of(new Tool(
          type,
          requireString(tool, "name", path),
          optString(tool, "description", path),
          parameters == null || parameters.isNull() ? null : JsonSupport.write(parameters),
          strict(optBoolean(tool, "strict", path)),
          null,
          JsonSupport.unknownFields(tool, FUNCTION_FIELDS, FORMAT)));
    }
    if (CUSTOM.equals(type)) {
      ProviderFields extras = JsonSupport.unknownFields(tool, Set.of("name", "description"), FORMAT);
      return List.of(new Tool(Tool.FUNCTION, requireString(tool, "name", path), optString(tool, "description", path),
          customSchema(tool.get("format")), null, null, extras));
    }
    String name = optString(tool, "name", path);
    return List.of(new Tool(type, name == null ? type : name, optString(tool, "description", path), null, null, null,
        JsonSupport.unknownFields(tool, Set.of(), FORMAT)));
  }

  /**
   * {@code strict: false} is what the encoder writes for a tool that says nothing about strictness
   * (Codex and the SDKs send it on every tool), so it reads back as "not set": other formats, whose
   * default is the same, then do not spell it out.
   */
  private static Boolean strict(Boolean strict) {
    return Boolean.FALSE.equals(strict) ? null : strict;
  }

  /** The one-string-argument schema a free-form tool stands for, its grammar (if any) told in the argument. */
  private static String customSchema(JsonNode format) {
    String description = "The tool's raw input, as free-form text.";
    String definition = format == null ? null : JsonFields.text(format, "definition");
    if ("grammar".equals(JsonFields.text(format, "type")) && definition != null) {
      String syntax = JsonFields.text(format, "syntax");
      description = "The tool's raw input, which must follow this " + (syntax == null ? "" : syntax + " ")
          + "grammar:\n" + definition;
    }
    ObjectNode schema = JsonSupport.NODES.objectNode().put("type", "object");
    schema.putObject("properties").putObject("input").put("type", "string").put("description", description);
    schema.putArray("required").add("input");
    schema.put("additionalProperties", false);
    return JsonSupport.write(schema);
  }

  static boolean isCustom(Tool tool) {
    return CUSTOM_TYPE.equals(tool.extras().fieldsFor(FORMAT).get("type"));
  }

  /** The namespace a flattened member belongs to, or {@code null}. */
  static String namespaceOf(Tool tool) {
    String note = tool.extras().fieldsFor(FORMAT).get(NAMESPACE);
    JsonNode fields = note == null ? null : JsonSupport.parseOrNull(note);
    return fields == null ? null : JsonFields.text(fields, "name");
  }

  /** The name of a member inside its namespace: the flattened name without its prefix. */
  static String memberName(String name, String namespace) {
    String prefix = namespace + SEPARATOR;
    return name.startsWith(prefix) ? name.substring(prefix.length()) : name;
  }

  /** The canonical name of a call read from an item that names its namespace. */
  static String flatName(String namespace, String name) {
    return namespace == null ? name : namespace + SEPARATOR + name;
  }

  // ---------------------------------------------------------------- writing tools for a Responses upstream or echo

  /**
   * Function tools, flat, with namespace members regrouped into their namespace; tools of other kinds
   * only when they were read from a Responses request (a kind another format invented means nothing
   * to OpenAI).
   */
  static ArrayNode encode(List<Tool> tools) {
    ArrayNode array = JsonSupport.NODES.arrayNode();
    String openNote = null;
    ArrayNode members = null;
    for (Tool tool : tools) {
      String note = tool.extras().fieldsFor(FORMAT).get(NAMESPACE);
      ObjectNode definition = definition(tool);
      if (definition == null) {
        continue;
      }
      if (note == null) {
        openNote = null;
        array.add(definition);
        continue;
      }
      if (!note.equals(openNote)) {
        ObjectNode namespace = (ObjectNode) JsonSupport.parseOrNull(note);
        members = namespace.putArray("tools");
        array.add(namespace);
        openNote = note;
      }
      definition.put("name", memberName(tool.name(), namespaceOf(tool)));
      members.add(definition);
    }
    return array;
  }

  private static ObjectNode definition(Tool tool) {
    if (isCustom(tool)) {
      ObjectNode custom = JsonSupport.NODES.objectNode().put("type", CUSTOM).put("name", tool.name());
      if (tool.description() != null) {
        custom.put("description", tool.description());
      }
      putExtras(custom, tool);
      return custom;
    }
    if (tool.isFunction()) {
      ObjectNode function = JsonSupport.NODES.objectNode().put("type", Tool.FUNCTION).put("name", tool.name());
      if (tool.description() != null) {
        function.put("description", tool.description());
      }
      JsonNode parameters = JsonSupport.parseOrNull(tool.inputSchema());
      if (parameters != null) {
        function.set("parameters", parameters);
      }
      function.put("strict", Boolean.TRUE.equals(tool.strict()));
      putExtras(function, tool);
      return function;
    }
    if (tool.extras().origin() == FORMAT) {
      ObjectNode other = JsonSupport.NODES.objectNode().put("type", tool.type());
      putExtras(other, tool);
      return other;
    }
    return null;
  }

  private static void putExtras(ObjectNode definition, Tool tool) {
    for (Map.Entry<String, String> field : tool.extras().fieldsFor(FORMAT).entrySet()) {
      if (!field.getKey().equals(NAMESPACE) && !definition.has(field.getKey())) {
        JsonNode value = JsonSupport.parseOrNull(field.getValue());
        if (value != null) {
          definition.set(field.getKey(), value);
        }
      }
    }
  }

  // ---------------------------------------------------------------- answering the client

  /**
   * Calls as the client declared its tools: a call to a custom tool becomes a {@code custom_tool_call},
   * a call to a namespace member carries its {@code namespace}, whichever format the upstream spoke.
   */
  static final class ClientCalls {
    private final Map<String, Tool> byName = new HashMap<>();

    ClientCalls(ChatRequest request) {
      if (request != null) {
        for (Tool tool : request.tools()) {
          if (isCustom(tool) || namespaceOf(tool) != null) {
            byName.put(tool.name(), tool);
          }
        }
      }
    }

    ToolCallBlock shape(ToolCallBlock call) {
      Tool tool = byName.get(call.name());
      if (tool == null) {
        return call;
      }
      Map<String, String> extras = new LinkedHashMap<>(call.extras().fieldsFor(FORMAT));
      if (isCustom(tool)) {
        extras.put("type", "\"" + Items.CUSTOM_CALL + "\"");
      }
      String namespace = namespaceOf(tool);
      if (namespace != null) {
        extras.put("namespace", JsonSupport.write(JsonSupport.NODES.stringNode(namespace)));
      }
      return new ToolCallBlock(call.id(), call.name(), call.arguments(), call.cacheControl(),
          ProviderFields.of(FORMAT, extras));
    }

    ChatResponse shape(ChatResponse response) {
      if (byName.isEmpty()) {
        return response;
      }
      List<ContentBlock> content = new ArrayList<>(response.content().size());
      for (ContentBlock block : response.content()) {
        content.add(block instanceof ToolCallBlock call ? shape(call) : block);
      }
      return response.toBuilder().content(content).build();
    }

    StreamEncoder shaping(StreamEncoder encoder) {
      if (byName.isEmpty()) {
        return encoder;
      }
      return (event, out) -> {
        if (event instanceof StreamEvent.BlockStart start && start.block() instanceof ToolCallBlock call) {
          encoder.encode(new StreamEvent.BlockStart(start.index(), shape(call)), out);
        } else {
          encoder.encode(event, out);
        }
      };
    }
  }
}
