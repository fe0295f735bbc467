package dev.llmrouter.spring.proxy;

import dev.llmrouter.api.Secret;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The proxy's own keys, presented the way each client sends them: {@code Authorization: Bearer},
 * {@code x-api-key}, {@code x-goog-api-key} or {@code ?key=}. Keys are held as SHA-256 digests and
 * compared in constant time, every configured key against every presented one. With no key configured
 * the proxy accepts any key (or none) from loopback clients only, so that an unprotected proxy is
 * never open to the network.
 */
final class ProxyAuth {
  private final List<byte[]> digests = new ArrayList<>();

  ProxyAuth(List<Secret> keys) {
    for (Secret key : keys) {
      digests.add(digest(key.reveal()));
    }
  }

  /** Whether no key is configured. */
  boolean isOpen() {
    return digests.isEmpty();
  }

  int keyCount() {
    return digests.size();
  }

  boolean accepts(HttpServletRequest request) {
    if (isOpen()) {
      return isLoopback(request.getRemoteAddr());
    }
    boolean matched = false;
    matched |= matches(bearer(request.getHeader("authorization")));
    matched |= matches(request.getHeader("x-api-key"));
    matched |= matches(request.getHeader("x-goog-api-key"));
    matched |= matches(queryKey(request.getQueryString()));
    return matched;
  }

  /**
   * The credential the request presents, the way its client sends it (Bearer, x-api-key,
   * x-goog-api-key, then ?key=); {@code null} when none.
   */
  static String presented(HttpServletRequest request) {
    String key = bearer(request.getHeader("authorization"));
    if (key == null || key.isBlank()) {
      key = request.getHeader("x-api-key");
    }
    if (key == null || key.isBlank()) {
      key = request.getHeader("x-goog-api-key");
    }
    if (key == null || key.isBlank()) {
      key = queryKey(request.getQueryString());
    }
    return key == null || key.isBlank() ? null : key.strip();
  }

  private boolean matches(String presented) {
    if (presented == null || presented.isEmpty()) {
      return false;
    }
    byte[] digest = digest(presented.strip());
    boolean matched = false;
    for (byte[] candidate : digests) {
      matched |= MessageDigest.isEqual(candidate, digest);
    }
    return matched;
  }

  private static String bearer(String authorization) {
    if (authorization == null || authorization.length() < 7
        || !authorization.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
      return null;
    }
    return authorization.substring(7);
  }

  /** The {@code key} query parameter, read from the query string only (never from a form body). */
  static String queryKey(String query) {
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      if (pair.startsWith("key=")) {
        try {
          return URLDecoder.decode(pair.substring(4), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
          return null;
        }
      }
    }
    return null;
  }

  private static boolean isLoopback(String address) {
    try {
      // a literal address: no lookup happens
      return address != null && InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static byte[] digest(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }
}
