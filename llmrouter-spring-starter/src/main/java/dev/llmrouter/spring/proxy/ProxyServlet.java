package dev.llmrouter.spring.proxy;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.api.NativeRequest;
import dev.llmrouter.api.NativeResponse;
import dev.llmrouter.api.WireFormat;
import dev.llmrouter.api.error.ErrorKind;
import dev.llmrouter.api.error.LlmException;
import dev.llmrouter.core.LlmRouter;
import dev.llmrouter.core.governance.Governance;
import dev.llmrouter.core.telemetry.RouterTelemetry;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The whole proxy: reads the body bytes, hands them to {@link LlmRouter#handle} and writes the
 * answer's bytes back, flushing after every stream chunk. No Spring MVC, no buffering, no JSON work
 * beyond reading the model for the log line.
 *
 * <p>A client that goes away mid-stream makes a write fail; the answer is then closed, which cancels
 * the upstream call. Every response carries {@code x-request-id} (the client's when it is sane), and
 * every request but health checks gets one INFO line, never with a key, a query string or a body: the
 * router's line of the call it made, which the method and path join through MDC (its stream note is
 * {@code closed_by_caller=true} when the client went away), or, for a request that made no call
 * (refused by the proxy, unreadable, a model list), this servlet's own line with method, path,
 * protocol, model, status and duration.
 */
final class ProxyServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ProxyServlet.class);
  static final String REQUEST_ID = "x-request-id";

  private final transient LlmRouter router;
  private final transient ProxyAuth auth;
  private final transient Governance governance;
  private final long maxBodyBytes;

  /** @param governance the router's governance, or {@code null}: then only the proxy's own keys get in */
  ProxyServlet(LlmRouter router, ProxyAuth auth, Governance governance, long maxBodyBytes) {
    this.router = router;
    this.auth = auth;
    this.governance = governance;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    long started = System.nanoTime();
    String requestId = RouterTelemetry.requestId(request.getHeader(REQUEST_ID));
    response.setHeader(REQUEST_ID, requestId);
    request.setAttribute(REQUEST_ID, requestId);
    String path = request.getRequestURI().substring(request.getContextPath().length());
    String method = request.getMethod();
    FrontDoor door = FrontDoor.resolve(method, path, request::getHeader,
        ProxyAuth.queryKey(request.getQueryString()) != null);
    Outcome outcome = new Outcome(door.model());
    // the router's line of a call carries (and takes) this; the servlet logs only requests that made none
    MDC.put(RouterTelemetry.MDC_HTTP_REQUEST, "method=" + method + " path=" + path);
    try {
      serve(door, method, path, request, response, outcome);
    } finally {
      boolean routerLogged = MDC.get(RouterTelemetry.MDC_HTTP_REQUEST) == null;
      MDC.remove(RouterTelemetry.MDC_HTTP_REQUEST);
      if (!routerLogged && LOG.isInfoEnabled() && door.kind() != FrontDoor.Kind.HEALTH
          && door.kind() != FrontDoor.Kind.READY) {
        LOG.info("{} {} {} model={} -> {}{} in {} ms id={}", method, path,
            door.format() == null ? "-" : door.format().id(), outcome.model(),
            outcome.status, outcome.note, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), requestId);
      }
    }
  }

  private void serve(FrontDoor door, String method, String path, HttpServletRequest request,
      HttpServletResponse response, Outcome outcome) throws IOException {
    switch (door.kind()) {
      case HEALTH:
        outcome.status = writeJson(response, 200, "up", null);
        return;
      case READY:
        List<String> providers = router.providers();
        outcome.status = providers.isEmpty()
            ? writeJson(response, 503, "no provider is configured", providers)
            : writeJson(response, 200, "ready", providers);
        return;
      case HELLO:
        response.setStatus(200);
        outcome.status = 200;
        return;
      default:
        break;
    }
    WireFormat format = door.format();
    String credential = ProxyAuth.presented(request);
    // with governance, a key that is not one of the proxy's own may be a virtual key: the router checks it
    boolean virtualKey = governance != null && !auth.isOpen() && credential != null;
    if (!auth.accepts(request) && !virtualKey) {
      String message = auth.isOpen()
          ? "this llmrouter proxy has no key configured and so serves loopback clients only; set "
              + "llmrouter.proxy.master-key (or LLMROUTER_MASTER_KEY) to serve others"
          : governance != null
              ? "a virtual key or the llmrouter proxy key is required: send it as Authorization: Bearer, x-api-key, "
                  + "x-goog-api-key or ?key="
              : "invalid or missing llmrouter proxy key: send it as Authorization: Bearer, x-api-key, x-goog-api-key or ?key=";
      outcome.status = write(error(format, ErrorKind.AUTHENTICATION, message, 401), response, outcome);
      return;
    }
    if (door.kind() == FrontDoor.Kind.LIST_MODELS) {
      if (governance != null) {
        try {
          governance.authenticate(credential);
        } catch (LlmException refused) {
          outcome.status = write(router.errorResponse(format, refused), response, outcome);
          return;
        }
      }
      outcome.status = write(router.listModels(format), response, outcome);
      return;
    }
    if (door.kind() == FrontDoor.Kind.NOT_FOUND) {
      outcome.status = write(error(format, ErrorKind.NOT_FOUND,
          "llmrouter serves no " + method + " " + path, 404), response, outcome);
      return;
    }
    byte[] body = readBody(request);
    if (body == null) {
      response.setHeader("connection", "close"); // the rest of the body stays unread
      outcome.status = write(error(format, ErrorKind.BAD_REQUEST,
          "the request body is larger than this proxy's limit of " + maxBodyBytes + " bytes", 413), response, outcome);
      return;
    }
    outcome.body = body; // read for the model only if this servlet writes the line (the router's has it)
    NativeRequest.Builder nativeRequest = NativeRequest.builder(format, body)
        .operation(door.operation()).model(door.model()).stream(door.stream())
        // first, so the router's answer and log line carry the id this servlet logs and answers with
        .header(REQUEST_ID, (String) request.getAttribute(REQUEST_ID))
        // Gemini clients may send their key as ?key=, which is not a header the router reads
        .credential(credential);
    for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements(); ) {
      String name = names.nextElement();
      nativeRequest.header(name, request.getHeader(name));
    }
    outcome.status = write(router.handle(nativeRequest.build()), response, outcome);
  }

  /** The body, or {@code null} when it is larger than the limit (then left unread). */
  private byte[] readBody(HttpServletRequest request) throws IOException {
    long declared = request.getContentLengthLong();
    if (declared > maxBodyBytes) {
      return null;
    }
    InputStream in = request.getInputStream();
    if (declared >= 0) {
      return in.readNBytes((int) declared);
    }
    byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
    return body.length > maxBodyBytes ? null : body;
  }

  /** Writes the answer and closes it; a stream is flushed chunk by chunk. Returns the status. */
  private static int write(NativeResponse answer, HttpServletResponse response, Outcome outcome) {
    try (answer) {
      response.setStatus(answer.status());
      answer.headers().forEach(response::setHeader);
      if (!answer.isStream()) {
        byte[] body = answer.body();
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        return answer.status();
      }
      outcome.note = " stream";
      ServletOutputStream out = response.getOutputStream();
      response.flushBuffer(); // the status and headers go out before the first event
      for (byte[] chunk : answer.bodyStream()) {
        out.write(chunk);
        out.flush();
      }
    } catch (IOException clientGone) {
      // closing the answer (try-with-resources) has cancelled the upstream call
      outcome.note += ", client disconnected";
    } catch (RuntimeException bug) {
      outcome.note += ", failed: " + bug.getClass().getSimpleName();
      LOG.warn("writing the answer failed", bug);
    }
    return answer.status();
  }

  private NativeResponse error(WireFormat format, ErrorKind kind, String message, int status) {
    NativeResponse envelope = router.errorResponse(format, LlmException.builder(kind, message).upstreamStatus(status).build());
    if (envelope.status() == status) {
      return envelope;
    }
    // the proxy's own refusals keep their HTTP meaning (e.g. 413) in every protocol
    return NativeResponse.whole(status, envelope.headers(), envelope.body());
  }

  private static int writeJson(HttpServletResponse response, int status, String state, List<String> providers)
      throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", state);
    if (providers != null) {
      body.put("providers", providers);
    }
    byte[] bytes = JsonSupport.MAPPER.writeValueAsBytes(body);
    response.setStatus(status);
    response.setContentType("application/json");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
    return status;
  }

  /** What the log line reports. */
  private static final class Outcome {
    final String pathModel;
    byte[] body;
    int status;
    String note = "";

    Outcome(String pathModel) {
      this.pathModel = pathModel;
    }

    /** The model of the path, else of the body, else "-". */
    String model() {
      String model = pathModel != null ? pathModel : body == null ? null : RequestModel.of(body);
      return model == null ? "-" : model;
    }
  }
}
