package dev.llmrouter.spring.proxy;

import dev.llmrouter.adapters.codec.JsonSupport;
import dev.llmrouter.api.spi.VirtualKeyRecord;
import dev.llmrouter.core.governance.Budget;
import dev.llmrouter.core.governance.BudgetPeriod;
import dev.llmrouter.core.governance.Governance;
import dev.llmrouter.core.governance.JdbcSpendLedger;
import dev.llmrouter.core.governance.KeySpec;
import dev.llmrouter.core.governance.MintedKey;
import dev.llmrouter.spring.governance.BudgetSpec;
import dev.llmrouter.spring.governance.LlmRouterGovernance;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The proxy's admin API on {@code /admin/*}, for the master key only (presented as any proxy key is): mint, list, show and revoke virtual keys; list, set and remove budgets with
 * where they stand; read spend from the ledger by key, team, user, project, organisation, model or
 * provider over a period. JSON in and out, snake_case; errors are
 * {@code {"error": {"type": …, "message": …}}}. A minted key's secret is in the answer to the mint
 * and nowhere else. Every change is logged at INFO with the key or budget id, never a secret.
 */
final class AdminServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(AdminServlet.class);
  private static final int MAX_BODY = 64 * 1024;
  private static final Set<String> KEY_FIELDS = Set.of("organization", "team", "project", "user", "models",
      "expires_at", "budget_usd", "budget_period", "rpm", "tpm");
  private static final Set<String> BUDGET_FIELDS = Set.of("scope", "id", "models", "limit_usd", "period", "alert_at",
      "on_breach", "downgrade_to");

  private final transient LlmRouterGovernance setup;
  private final transient ProxyAuth master;

  /** @param master the proxy's master key alone, or {@code null} when there is none: then every admin call is refused */
  AdminServlet(LlmRouterGovernance setup, ProxyAuth master) {
    this.setup = setup;
    this.master = master;
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    String method = request.getMethod();
    try {
      if (master == null) {
        throw new AdminError(403, "permission_denied", "the admin API needs a master key: set llmrouter.proxy.master-key "
            + "or LLMROUTER_MASTER_KEY");
      }
      if (!master.accepts(request)) {
        throw new AdminError(401, "authentication_error",
            "the admin API takes the proxy's master key only (Authorization: Bearer or x-api-key)");
      }
      write(response, route(method, path, request));
    } catch (AdminError e) {
      writeError(response, e.status, e.type, e.getMessage());
    } catch (IllegalArgumentException invalid) {
      writeError(response, 400, "invalid_request_error", invalid.getMessage());
    } catch (RuntimeException failed) {
      LOG.warn("admin {} {} failed", method, path, failed);
      writeError(response, 500, "api_error", "the admin call failed: " + failed.getClass().getSimpleName()
          + " (see the proxy's log)");
    }
  }

  private Answer route(String method, String path, HttpServletRequest request) throws IOException {
    String[] parts = path.replaceAll("/+$", "").split("/");
    // ["", "admin", resource, id?]
    String resource = parts.length > 2 ? parts[2] : "";
    String id = parts.length > 3 ? java.net.URLDecoder.decode(parts[3], StandardCharsets.UTF_8) : null;
    if (parts.length > 4 && !(parts.length == 5 && parts[4].equals("revoke"))) {
      throw notFound(method, path);
    }
    Governance governance = setup.governance();
    switch (resource) {
      case "keys":
        if (id == null && method.equals("GET")) {
          List<Map<String, Object>> keys = new ArrayList<>();
          governance.keys().list().forEach(key -> keys.add(key(key)));
          return new Answer(200, Map.of("keys", keys));
        }
        if (id == null && method.equals("POST")) {
          return mint(body(request, KEY_FIELDS));
        }
        if (id != null && method.equals("GET") && parts.length == 4) {
          return new Answer(200, key(governance.keys().find(id).orElseThrow(() -> unknownKey(id))));
        }
        if (id != null && (method.equals("DELETE") && parts.length == 4 || method.equals("POST") && parts.length == 5)) {
          if (!governance.keys().revoke(id)) {
            throw unknownKey(id);
          }
          LOG.info("admin: virtual key {} revoked", id);
          return new Answer(200, key(governance.keys().find(id).orElseThrow(() -> unknownKey(id))));
        }
        break;
      case "budgets":
        if (parts.length > 4) {
          break;
        }
        if (id == null && method.equals("GET")) {
          List<Map<String, Object>> budgets = new ArrayList<>();
          governance.budgetStates().forEach(state -> budgets.add(budget(state)));
          return new Answer(200, Map.of("budgets", budgets));
        }
        if (id != null && method.equals("PUT")) {
          JsonNode body = body(request, BUDGET_FIELDS);
          Budget budget = BudgetSpec.toBudget(id, text(body, "scope"), text(body, "id"), text(body, "models"),
              decimal(body, "limit_usd"), text(body, "period"),
              body.has("alert_at") ? Double.valueOf(number(body, "alert_at").doubleValue()) : null,
              text(body, "on_breach"), text(body, "downgrade_to"));
          governance.setBudget(budget);
          LOG.info("admin: budget '{}' set to {}", id, budget);
          return new Answer(200, budget(governance.budgetStates().stream()
              .filter(state -> state.budget().name().equals(id)).findFirst().orElseThrow()));
        }
        if (id != null && method.equals("GET")) {
          return new Answer(200, budget(governance.budgetStates().stream()
              .filter(state -> state.budget().name().equals(id)).findFirst()
              .orElseThrow(() -> new AdminError(404, "not_found_error", "no budget named '" + id + "'"))));
        }
        if (id != null && method.equals("DELETE")) {
          if (!governance.removeBudget(id)) {
            throw new AdminError(404, "not_found_error", "no budget named '" + id
                + "' was set through the admin API (budgets from configuration are changed there)");
          }
          LOG.info("admin: budget '{}' removed", id);
          return new Answer(200, Map.of("name", id, "removed", true));
        }
        break;
      case "spend":
        if (id == null && method.equals("GET")) {
          return spend(request);
        }
        break;
      default:
        break;
    }
    throw notFound(method, path);
  }

  private Answer mint(JsonNode body) {
    KeySpec.Builder spec = KeySpec.builder().organization(text(body, "organization")).team(text(body, "team"))
        .project(text(body, "project")).user(text(body, "user"));
    JsonNode models = body.path("models");
    if (!models.isMissingNode() && !models.isNull()) {
      if (!models.isArray()) {
        throw new IllegalArgumentException("models must be an array of model names or patterns");
      }
      models.forEach(model -> spec.allowModel(model.asString()));
    }
    String expires = text(body, "expires_at");
    if (expires != null) {
      spec.expiresAt(instant(expires, "expires_at"));
    }
    BigDecimal budget = decimal(body, "budget_usd");
    if (budget != null) {
      spec.budget(budget, BudgetSpec.constant(BudgetPeriod.class, text(body, "budget_period"), BudgetPeriod.MONTHLY,
          "budget_period"));
    }
    if (body.has("rpm")) {
      spec.rpm(number(body, "rpm").longValue());
    }
    if (body.has("tpm")) {
      spec.tpm(number(body, "tpm").longValue());
    }
    MintedKey minted = setup.governance().keys().mint(spec.build());
    LOG.info("admin: virtual key {} minted ({})", minted.record().id(), minted.record());
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("key", minted.secret());
    answer.putAll(key(minted.record()));
    return new Answer(201, answer);
  }

  private Answer spend(HttpServletRequest request) {
    JdbcSpendLedger ledger = setup.ledger().orElseThrow(() -> new AdminError(409, "invalid_request_error",
        "no spend ledger is configured: set llmrouter.governance.ledger.jdbc-url"));
    String by = request.getParameter("by");
    JdbcSpendLedger.Dimension dimension = BudgetSpec.constant(JdbcSpendLedger.Dimension.class, by,
        JdbcSpendLedger.Dimension.KEY, "by");
    Instant now = Instant.now();
    Instant from;
    Instant to = request.getParameter("to") == null ? now.plusSeconds(1) : instant(request.getParameter("to"), "to");
    String fromParameter = request.getParameter("from");
    String period = request.getParameter("period");
    if (fromParameter != null) {
      from = instant(fromParameter, "from");
    } else {
      BudgetPeriod chosen = BudgetSpec.constant(BudgetPeriod.class, period, BudgetPeriod.MONTHLY, "period");
      from = chosen.startOf(now, setup.governance().zone());
    }
    Map<String, BigDecimal> totals = ledger.totals(dimension, from, to);
    BigDecimal total = totals.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("by", BudgetSpec.spelled(dimension));
    answer.put("from", from.toString());
    answer.put("to", to.toString());
    answer.put("total_usd", total.stripTrailingZeros().toPlainString());
    Map<String, String> spend = new LinkedHashMap<>();
    totals.forEach((name, usd) -> spend.put(name, usd.stripTrailingZeros().toPlainString()));
    answer.put("spend", spend);
    return new Answer(200, answer);
  }

  private Map<String, Object> key(VirtualKeyRecord key) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", key.id());
    out.put("hint", key.hint());
    out.put("organization", key.organization());
    out.put("team", key.team());
    out.put("project", key.project());
    out.put("user", key.user());
    out.put("models", key.allowedModels());
    out.put("expires_at", key.expiresAt() == null ? null : key.expiresAt().toString());
    out.put("created_at", key.createdAt() == null ? null : key.createdAt().toString());
    out.put("revoked", key.revoked());
    out.put("budget_usd", key.budgetNanos() < 0 ? null : BigDecimal.valueOf(key.budgetNanos(), 9).stripTrailingZeros()
        .toPlainString());
    out.put("budget_period", key.budgetPeriod() == null ? null : key.budgetPeriod().toLowerCase(java.util.Locale.ROOT));
    out.put("spent_usd", key.budgetNanos() < 0 ? null
        : setup.governance().spentByKey(key.id()).stripTrailingZeros().toPlainString());
    out.put("rpm", key.rpm());
    out.put("tpm", key.tpm());
    return out;
  }

  private static Map<String, Object> budget(Governance.BudgetState state) {
    Budget budget = state.budget();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", budget.name());
    out.put("scope", BudgetSpec.spelled(budget.scope().level()));
    out.put("id", budget.scope().id());
    out.put("models", budget.modelPattern());
    out.put("limit_usd", budget.limitUsd().toPlainString());
    out.put("period", BudgetSpec.spelled(budget.period()));
    out.put("alert_at", budget.alertAt());
    out.put("on_breach", BudgetSpec.spelled(budget.onBreach().kind()));
    out.put("downgrade_to", budget.onBreach().downgradeTo());
    out.put("current_period", state.period());
    out.put("spent_usd", state.spentUsd().stripTrailingZeros().toPlainString());
    out.put("reserved_usd", state.reservedUsd().stripTrailingZeros().toPlainString());
    out.put("resets_at", state.resetsAt() == null ? null : state.resetsAt().toString());
    return out;
  }

  /** The JSON object of the body; unknown fields are refused so that a typo does not pass silently. */
  private static JsonNode body(HttpServletRequest request, Set<String> fields) throws IOException {
    if (request.getContentLengthLong() > MAX_BODY) {
      throw new AdminError(413, "request_too_large", "an admin request body may have at most " + MAX_BODY + " bytes");
    }
    byte[] bytes = request.getInputStream().readNBytes(MAX_BODY + 1);
    if (bytes.length > MAX_BODY) {
      throw new AdminError(413, "request_too_large", "an admin request body may have at most " + MAX_BODY + " bytes");
    }
    JsonNode body;
    try {
      body = bytes.length == 0 ? JsonSupport.MAPPER.createObjectNode() : JsonSupport.MAPPER.readTree(bytes);
    } catch (JacksonException malformed) {
      throw new IllegalArgumentException("the body is not valid JSON: " + malformed.getOriginalMessage());
    }
    if (!body.isObject()) {
      throw new IllegalArgumentException("the body must be a JSON object");
    }
    for (Iterator<String> names = body.propertyNames().iterator(); names.hasNext(); ) {
      String name = names.next();
      if (!fields.contains(name)) {
        throw new IllegalArgumentException("unknown field '" + name + "'; known: " + new java.util.TreeSet<>(fields));
      }
    }
    return body;
  }

  private static String text(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isString()) {
      throw new IllegalArgumentException(field + " must be a string");
    }
    return value.asString();
  }

  private static Number number(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || !value.isNumber()) {
      throw new IllegalArgumentException(field + " must be a number");
    }
    return value.numberValue();
  }

  private static BigDecimal decimal(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isNumber()) {
      return value.decimalValue();
    }
    if (value.isString()) {
      try {
        return new BigDecimal(value.asString().strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(field + " must be a number of US dollars");
      }
    }
    throw new IllegalArgumentException(field + " must be a number of US dollars");
  }

  /** An instant ({@code 2026-12-01T00:00:00Z}) or a date ({@code 2026-12-01}, midnight UTC). */
  private static Instant instant(String value, String field) {
    try {
      return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()
          : Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(field + " must be an ISO-8601 instant or date: '" + value + "'");
    }
  }

  private static AdminError unknownKey(String id) {
    return new AdminError(404, "not_found_error", "no virtual key with id '" + id + "'");
  }

  private static AdminError notFound(String method, String path) {
    return new AdminError(404, "not_found_error", "the admin API has no " + method + " " + path
        + " (see GET/POST /admin/keys, GET/DELETE /admin/keys/{id}, GET /admin/budgets, PUT/GET/DELETE "
        + "/admin/budgets/{name}, GET /admin/spend?by=&period=)");
  }

  private static void write(HttpServletResponse response, Answer answer) throws IOException {
    byte[] bytes = JsonSupport.MAPPER.writeValueAsBytes(answer.body);
    response.setStatus(answer.status);
    response.setContentType("application/json");
    response.setHeader("cache-control", "no-store");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  private static void writeError(HttpServletResponse response, int status, String type, String message)
      throws IOException {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("type", type);
    error.put("message", message);
    write(response, new Answer(status, Map.of("error", error)));
  }

  private record Answer(int status, Object body) {}

  private static final class AdminError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String type;

    AdminError(int status, String type, String message) {
      super(message, null, false, false);
      this.status = status;
      this.type = type;
    }
  }
}
