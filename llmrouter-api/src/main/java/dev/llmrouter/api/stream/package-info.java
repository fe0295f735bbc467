/** Canonical streaming: {@link dev.llmrouter.api.stream.ChatStream} and its events. */
package dev.llmrouter.api.stream;
