package dev.llmrouter.adapters.codec.gemini;

import static dev.llmrouter.adapters.codec.gemini.GeminiTestSupport.CODEC;
import static dev.llmrouter.adapters.codec.gemini.GeminiTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.error.BadRequestException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A client's broken request is a bad request that names the field, never a stack trace. */
class GeminiMalformedInputTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "not json                                                                  | not valid JSON",
      "[]                                                                        | must be a JSON object",
      "{}                                                                        | contents is required",
      "{\"contents\":{}}                                                         | contents must be an array",
      "{\"contents\":[1]}                                                        | contents[0] must be an object",
      "{\"contents\":[{\"role\":\"assistant\",\"parts\":[]}]}                    | contents[0].role must be",
      "{\"contents\":[{\"parts\":{}}]}                                           | contents[0].parts must be an array",
      "{\"contents\":[{\"parts\":[\"hi\"]}]}                                     | contents[0].parts[0] must be an object",
      "{\"contents\":[{\"parts\":[{\"text\":5}]}]}                               | contents[0].parts[0].text must be a string",
      "{\"contents\":[{\"parts\":[{\"text\":\"a\",\"thought\":\"yes\"}]}]}       | contents[0].parts[0].thought must be true or false",
      "{\"contents\":[{\"parts\":[{\"functionCall\":{\"args\":{}}}]}]}           | contents[0].parts[0].functionCall.name is required",
      "{\"contents\":[{\"parts\":[{\"functionCall\":{\"name\":\"f\",\"args\":[1]}}]}]} | contents[0].parts[0].functionCall.args must be an object",
      "{\"contents\":[{\"parts\":[{\"functionResponse\":{\"name\":7}}]}]}        | contents[0].parts[0].functionResponse.name must be a string",
      "{\"contents\":[{\"parts\":[{\"inlineData\":{\"data\":\"AA\"}}]}]}         | contents[0].parts[0].inlineData.mimeType is required",
      "{\"contents\":[{\"parts\":[{\"fileData\":{\"mimeType\":\"image/png\"}}]}]} | contents[0].parts[0].fileData.fileUri is required",
      "{\"contents\":[{\"parts\":[{\"text\":\"a\",\"thoughtSignature\":1}]}]}    | contents[0].parts[0].thoughtSignature must be a string",
      "{\"contents\":[],\"systemInstruction\":{\"parts\":[{\"inlineData\":{}}]}} | systemInstruction.parts[0] must be a text part",
      "{\"contents\":[],\"systemInstruction\":5}                                 | systemInstruction must be an object",
      "{\"contents\":[],\"tools\":{}}                                            | tools must be an array",
      "{\"contents\":[],\"tools\":[{\"functionDeclarations\":[{}]}]}             | tools[0].functionDeclarations[0].name is required",
      "{\"contents\":[],\"tools\":[{\"functionDeclarations\":[{\"name\":\"f\",\"parameters\":\"x\"}]}]} | tools[0].functionDeclarations[0].parameters must be an object",
      "{\"contents\":[],\"toolConfig\":{\"functionCallingConfig\":{\"mode\":\"SOMETIMES\"}}} | toolConfig.functionCallingConfig.mode must be",
      "{\"contents\":[],\"generationConfig\":{\"temperature\":\"hot\"}}          | generationConfig.temperature must be a number",
      "{\"contents\":[],\"generationConfig\":{\"maxOutputTokens\":1.5}}          | generationConfig.maxOutputTokens must be an integer",
      "{\"contents\":[],\"generationConfig\":{\"maxOutputTokens\":-1}}           | generationConfig.maxOutputTokens must not be negative",
      "{\"contents\":[],\"generationConfig\":{\"stopSequences\":[1]}}            | generationConfig.stopSequences must be an array of strings",
      "{\"contents\":[],\"generationConfig\":{\"thinkingConfig\":{\"thinkingBudget\":\"lots\"}}} | generationConfig.thinkingConfig.thinkingBudget must be an integer",
      "{\"contents\":[],\"generationConfig\":{\"responseMimeType\":\"application/json\",\"responseJsonSchema\":[]}} | generationConfig.responseJsonSchema must be an object"})
  void requestsNameTheBrokenField(String body, String message) {
    assertThatThrownBy(() -> CODEC.decodeRequest(bytes(body), "m", false))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining(message);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"generateContentRequest\":[]}                                           | generateContentRequest must be an object",
      "{\"generateContentRequest\":{\"contents\":5}}                             | generateContentRequest.contents must be an array",
      "{\"generateContentRequest\":{}}                                           | generateContentRequest.contents is required"})
  void countRequestsNameTheBrokenField(String body, String message) {
    assertThatThrownBy(() -> CODEC.decodeCountTokensRequest(bytes(body)))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining(message);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"''", "'   '"})
  void emptyBodies(String body) {
    assertThatThrownBy(() -> CODEC.decodeRequest(bytes(body.strip()))).isInstanceOf(BadRequestException.class);
  }
}
