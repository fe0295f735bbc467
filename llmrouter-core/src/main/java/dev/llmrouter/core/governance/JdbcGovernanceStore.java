package dev.llmrouter.core.governance;

import dev.llmrouter.api.spi.BudgetDefinitionStore;
import dev.llmrouter.api.spi.KeyStore;
import dev.llmrouter.api.spi.VirtualKeyRecord;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Virtual keys and run-time budgets in a JDBC database (plain JDBC, portable SQL: H2, PostgreSQL,
 * MySQL), so that one instance keeps them across restarts — the embedded default of the proxy, beside
 * {@link JdbcSpendLedger} in the same database. Several instances should share Redis instead: budget
 * counters are not kept here (they are rebuilt from the ledger with {@link Governance#restoreSpend}).
 *
 * <p>The key hash secret is created once and kept in the database; keys are stored only as their
 * HMAC. Every lookup reads the database, so a revocation takes effect on the next request.
 */
public final class JdbcGovernanceStore implements KeyStore, BudgetDefinitionStore {
  private static final String KEY_COLUMNS = "id, hash, hint, organization, team, project, user_name, allowed_models, "
      + "expires_at, created_at, revoked, budget_nanos, budget_period, rpm, tpm";
  private final DataSource dataSource;
  private byte[] hashSecret;

  public JdbcGovernanceStore(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /** Creates the tables when they are not there and reads (or creates) the hash secret. */
  public JdbcGovernanceStore createTablesIfMissing() {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS llmrouter_meta (name VARCHAR(64) PRIMARY KEY, val VARCHAR(255) NOT NULL)");
      s.execute("CREATE TABLE IF NOT EXISTS llmrouter_keys (id VARCHAR(64) PRIMARY KEY, hash VARCHAR(64) NOT NULL, "
          + "hint VARCHAR(64), organization VARCHAR(255), team VARCHAR(255), project VARCHAR(255), "
          + "user_name VARCHAR(255), allowed_models VARCHAR(4000), expires_at BIGINT, created_at BIGINT, "
          + "revoked SMALLINT NOT NULL, budget_nanos BIGINT NOT NULL, budget_period VARCHAR(16), rpm BIGINT NOT NULL, "
          + "tpm BIGINT NOT NULL)");
      s.execute("CREATE UNIQUE INDEX IF NOT EXISTS llmrouter_keys_hash ON llmrouter_keys (hash)");
      s.execute("CREATE TABLE IF NOT EXISTS llmrouter_budgets (name VARCHAR(255) PRIMARY KEY, "
          + "scope_level VARCHAR(16) NOT NULL, scope_id VARCHAR(255) NOT NULL, models VARCHAR(255), "
          + "limit_nanos BIGINT NOT NULL, period VARCHAR(16) NOT NULL, alert_at DOUBLE PRECISION NOT NULL, "
          + "on_breach VARCHAR(16) NOT NULL, downgrade_to VARCHAR(255))");
    } catch (SQLException e) {
      throw failed("create the governance tables", e);
    }
    hashSecret = readOrCreateSecret();
    return this;
  }

  private byte[] readOrCreateSecret() {
    try (Connection c = dataSource.getConnection()) {
      String existing = secret(c);
      if (existing == null) {
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO llmrouter_meta (name, val) VALUES (?, ?)")) {
          insert.setString(1, "key-hash-secret");
          insert.setString(2, Base64.getEncoder().encodeToString(fresh));
          insert.executeUpdate();
        } catch (SQLException raced) {
          // another instance created it first: use theirs
        }
        existing = secret(c);
      }
      return Base64.getDecoder().decode(existing);
    } catch (SQLException e) {
      throw failed("read the key hash secret", e);
    }
  }

  private static String secret(Connection c) throws SQLException {
    try (PreparedStatement query = c.prepareStatement("SELECT val FROM llmrouter_meta WHERE name = ?")) {
      query.setString(1, "key-hash-secret");
      try (ResultSet r = query.executeQuery()) {
        return r.next() ? r.getString(1) : null;
      }
    }
  }

  @Override
  public byte[] hashSecret() {
    if (hashSecret == null) {
      throw new IllegalStateException("call createTablesIfMissing() first");
    }
    return hashSecret.clone();
  }

  @Override
  public void save(VirtualKeyRecord key) {
    inTransaction("save virtual key " + key.id(), c -> {
      try (PreparedStatement delete = c.prepareStatement("DELETE FROM llmrouter_keys WHERE id = ?")) {
        delete.setString(1, key.id());
        delete.executeUpdate();
      }
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO llmrouter_keys (" + KEY_COLUMNS
          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        insert.setString(1, key.id());
        insert.setString(2, key.hash());
        insert.setString(3, key.hint());
        insert.setString(4, key.organization());
        insert.setString(5, key.team());
        insert.setString(6, key.project());
        insert.setString(7, key.user());
        insert.setString(8, String.join("\n", key.allowedModels()));
        millis(insert, 9, key.expiresAt());
        millis(insert, 10, key.createdAt());
        insert.setShort(11, (short) (key.revoked() ? 1 : 0));
        insert.setLong(12, key.budgetNanos());
        insert.setString(13, key.budgetPeriod());
        insert.setLong(14, key.rpm());
        insert.setLong(15, key.tpm());
        insert.executeUpdate();
      }
    });
  }

  private static void millis(PreparedStatement statement, int index, Instant value) throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.BIGINT);
    } else {
      statement.setLong(index, value.toEpochMilli());
    }
  }

  @Override
  public Optional<VirtualKeyRecord> findByHash(String hash) {
    List<VirtualKeyRecord> found = keys("WHERE hash = ?", hash);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  @Override
  public Optional<VirtualKeyRecord> findById(String id) {
    List<VirtualKeyRecord> found = keys("WHERE id = ?", id);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  @Override
  public List<VirtualKeyRecord> list() {
    return keys("ORDER BY created_at, id", null);
  }

  private List<VirtualKeyRecord> keys(String where, String parameter) {
    List<VirtualKeyRecord> keys = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement query = c.prepareStatement("SELECT " + KEY_COLUMNS + " FROM llmrouter_keys " + where)) {
      if (parameter != null) {
        query.setString(1, parameter);
      }
      try (ResultSet r = query.executeQuery()) {
        while (r.next()) {
          String models = r.getString(8);
          keys.add(new VirtualKeyRecord(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
              r.getString(5), r.getString(6), r.getString(7),
              models == null || models.isEmpty() ? List.of() : Arrays.asList(models.split("\n")),
              instant(r, 9), instant(r, 10), r.getShort(11) == 1, r.getLong(12), r.getString(13), r.getLong(14),
              r.getLong(15)));
        }
      }
    } catch (SQLException e) {
      throw failed("read virtual keys", e);
    }
    return keys;
  }

  private static Instant instant(ResultSet r, int column) throws SQLException {
    long value = r.getLong(column);
    return r.wasNull() ? null : Instant.ofEpochMilli(value);
  }

  @Override
  public void saveBudget(Definition budget) {
    inTransaction("save budget " + budget.name(), c -> {
      try (PreparedStatement delete = c.prepareStatement("DELETE FROM llmrouter_budgets WHERE name = ?")) {
        delete.setString(1, budget.name());
        delete.executeUpdate();
      }
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO llmrouter_budgets (name, scope_level, scope_id, "
          + "models, limit_nanos, period, alert_at, on_breach, downgrade_to) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        insert.setString(1, budget.name());
        insert.setString(2, budget.scopeLevel());
        insert.setString(3, budget.scopeId());
        insert.setString(4, budget.models());
        insert.setLong(5, budget.limitNanos());
        insert.setString(6, budget.period());
        insert.setDouble(7, budget.alertAt());
        insert.setString(8, budget.onBreach());
        insert.setString(9, budget.downgradeTo());
        insert.executeUpdate();
      }
    });
  }

  @Override
  public boolean deleteBudget(String name) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement delete = c.prepareStatement("DELETE FROM llmrouter_budgets WHERE name = ?")) {
      delete.setString(1, name);
      return delete.executeUpdate() > 0;
    } catch (SQLException e) {
      throw failed("delete budget " + name, e);
    }
  }

  @Override
  public List<Definition> listBudgets() {
    List<Definition> all = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement query = c.prepareStatement("SELECT name, scope_level, scope_id, models, limit_nanos, period, "
            + "alert_at, on_breach, downgrade_to FROM llmrouter_budgets ORDER BY name");
        ResultSet r = query.executeQuery()) {
      while (r.next()) {
        all.add(new Definition(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getLong(5),
            r.getString(6), r.getDouble(7), r.getString(8), r.getString(9)));
      }
    } catch (SQLException e) {
      throw failed("read budgets", e);
    }
    return all;
  }

  private interface Work {
    void run(Connection c) throws SQLException;
  }

  private void inTransaction(String what, Work work) {
    try (Connection c = dataSource.getConnection()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        work.run(c);
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(auto);
      }
    } catch (SQLException e) {
      throw failed(what, e);
    }
  }

  private static IllegalStateException failed(String what, SQLException e) {
    return new IllegalStateException("cannot " + what + " in the governance database: " + e.getMessage(), e);
  }

  @Override
  public String toString() {
    return "JdbcGovernanceStore{" + dataSource.getClass().getSimpleName() + "}";
  }
}
