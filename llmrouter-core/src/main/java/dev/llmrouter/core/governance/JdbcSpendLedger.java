package dev.llmrouter.core.governance;

import dev.llmrouter.api.model.Usage;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spend ledger in a SQL database through plain JDBC: one row per governed call (table
 * {@code llmrouter_spend}), written when the call settles, so that a restart loses no spend. Any JDBC
 * database works: an embedded one (H2 or SQLite, a file beside the application) for one instance, a
 * server (PostgreSQL) shared by several. Register it with {@link Governance.Builder#addListener};
 * after a restart with in-memory budget counters, {@link Governance#restoreSpend} refills them from
 * {@link #since}.
 *
 * <p>The request id is the primary key, so a row is never counted twice. A row that cannot be written
 * (database down) is logged at error level with its content; the call itself is not failed.
 */
public final class JdbcSpendLedger implements GovernanceListener {
  private static final Logger log = LoggerFactory.getLogger(JdbcSpendLedger.class);
  private static final String COLUMNS = "request_id, at_millis, key_id, organization, team, project, user_name, "
      + "requested_model, provider, upstream_model, input_tokens, output_tokens, cache_read_tokens, "
      + "cache_write_tokens, reasoning_tokens, estimated_usage, cost_nanos, priced, outcome";

  /** What spend can be summed by. */
  public enum Dimension {
    KEY("key_id"), ORGANIZATION("organization"), TEAM("team"), PROJECT("project"), USER("user_name"),
    MODEL("upstream_model"), PROVIDER("provider");

    private final String column;

    Dimension(String column) {
      this.column = column;
    }
  }

  private final DataSource dataSource;

  public JdbcSpendLedger(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /** Creates the table when it is not there (portable SQL: H2, SQLite, PostgreSQL, MySQL). */
  public JdbcSpendLedger createTableIfMissing() {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS llmrouter_spend ("
          + "request_id VARCHAR(64) PRIMARY KEY, at_millis BIGINT NOT NULL, key_id VARCHAR(64), "
          + "organization VARCHAR(255), team VARCHAR(255), project VARCHAR(255), user_name VARCHAR(255), "
          + "requested_model VARCHAR(255), provider VARCHAR(255), upstream_model VARCHAR(255), "
          + "input_tokens BIGINT NOT NULL, output_tokens BIGINT NOT NULL, cache_read_tokens BIGINT NOT NULL, "
          + "cache_write_tokens BIGINT NOT NULL, reasoning_tokens BIGINT NOT NULL, estimated_usage SMALLINT NOT NULL, "
          + "cost_nanos BIGINT NOT NULL, priced SMALLINT NOT NULL, outcome VARCHAR(16) NOT NULL)");
      s.execute("CREATE INDEX IF NOT EXISTS llmrouter_spend_at ON llmrouter_spend (at_millis)");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the spend ledger table: " + e.getMessage(), e);
    }
    return this;
  }

  @Override
  public void spend(SpendRecord row) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement insert = c.prepareStatement("INSERT INTO llmrouter_spend (" + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      Principal p = row.principal();
      Usage u = row.usage();
      insert.setString(1, row.requestId());
      insert.setLong(2, row.time().toEpochMilli());
      text(insert, 3, p.keyId());
      text(insert, 4, p.organization());
      text(insert, 5, p.team());
      text(insert, 6, p.project());
      text(insert, 7, p.user());
      text(insert, 8, row.requestedModel());
      text(insert, 9, row.provider());
      text(insert, 10, row.upstreamModel());
      insert.setLong(11, u.inputTokens());
      insert.setLong(12, u.outputTokens());
      insert.setLong(13, u.cacheReadTokens());
      insert.setLong(14, u.cacheWriteTokens());
      insert.setLong(15, u.reasoningTokens());
      insert.setShort(16, (short) (u.estimated() ? 1 : 0));
      insert.setLong(17, row.cost().nanos());
      insert.setShort(18, (short) (row.cost().priced() ? 1 : 0));
      insert.setString(19, row.outcome().name());
      insert.executeUpdate();
    } catch (SQLException e) {
      log.error("spend row not written to the ledger ({}): {}", e.getMessage(), row);
    }
  }

  private static void text(PreparedStatement statement, int index, String value) throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.VARCHAR);
    } else {
      statement.setString(index, value);
    }
  }

  /** The rows from {@code from} on, oldest first. */
  public List<SpendRecord> since(Instant from) {
    List<SpendRecord> rows = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement query = c.prepareStatement(
            "SELECT " + COLUMNS + " FROM llmrouter_spend WHERE at_millis >= ? ORDER BY at_millis")) {
      query.setLong(1, from.toEpochMilli());
      try (ResultSet r = query.executeQuery()) {
        while (r.next()) {
          Usage usage = Usage.builder().inputTokens(r.getLong(11)).outputTokens(r.getLong(12))
              .cacheReadTokens(r.getLong(13)).cacheWriteTokens(r.getLong(14)).reasoningTokens(r.getLong(15))
              .estimated(r.getShort(16) == 1).build();
          rows.add(new SpendRecord(Instant.ofEpochMilli(r.getLong(2)), r.getString(1),
              new Principal(r.getString(3), r.getString(4), r.getString(5), r.getString(6), r.getString(7)),
              r.getString(8), r.getString(9), r.getString(10), usage,
              new Cost(r.getLong(17), r.getShort(18) == 1, usage.estimated()),
              SpendRecord.Outcome.valueOf(r.getString(19))));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the spend ledger: " + e.getMessage(), e);
    }
    return rows;
  }

  /** Spend in USD between {@code from} (inclusive) and {@code to} (exclusive), by {@code dimension}. */
  public Map<String, BigDecimal> totals(Dimension dimension, Instant from, Instant to) {
    Map<String, BigDecimal> totals = new LinkedHashMap<>();
    String column = dimension.column;
    try (Connection c = dataSource.getConnection();
        PreparedStatement query = c.prepareStatement("SELECT " + column + ", SUM(cost_nanos) FROM llmrouter_spend"
            + " WHERE at_millis >= ? AND at_millis < ? GROUP BY " + column + " ORDER BY " + column)) {
      query.setLong(1, from.toEpochMilli());
      query.setLong(2, to.toEpochMilli());
      try (ResultSet r = query.executeQuery()) {
        while (r.next()) {
          String name = r.getString(1);
          totals.put(name == null ? "(none)" : name, BigDecimal.valueOf(r.getLong(2), 9));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the spend ledger: " + e.getMessage(), e);
    }
    return totals;
  }

  @Override
  public String toString() {
    return "JdbcSpendLedger{" + dataSource.getClass().getSimpleName().toLowerCase(Locale.ROOT) + "}";
  }
}
