package dev.llmrouter.adapters.codec.openai;

import dev.llmrouter.adapters.codec.JsonSupport;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI's model listing ({@code GET /v1/models}), which Chat and Responses clients share:
 * {@code {"object":"list","data":[{"id","object":"model","created":0,"owned_by":"llmrouter"}]}}.
 */
public final class OpenAiModelList {
  private OpenAiModelList() {}

  public static byte[] encode(List<String> models) {
    ObjectNode list = JsonSupport.NODES.objectNode();
    list.put("object", "list");
    ArrayNode data = list.putArray("data");
    for (String model : models) {
      data.addObject().put("id", model).put("object", "model").put("created", 0).put("owned_by", "llmrouter");
    }
    return JsonSupport.writeBytes(list);
  }
}
