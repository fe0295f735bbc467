package dev.llmrouter.spring.governance;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A connection per use from {@link DriverManager}: enough for the ledger of an embedded database (H2
 * in a file) without a pool dependency. An application with a pooled {@code DataSource} can define its
 * own {@code Governance} bean instead.
 */
final class UrlDataSource implements DataSource {
  private final String url;
  private final Properties credentials = new Properties();

  UrlDataSource(String url, String username, String password) {
    this.url = url;
    if (username != null) {
      credentials.setProperty("user", username);
    }
    if (password != null) {
      credentials.setProperty("password", password);
    }
  }

  @Override
  public Connection getConnection() throws SQLException {
    return DriverManager.getConnection(url, credentials);
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return DriverManager.getConnection(url, username, password);
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    // DriverManager logs through its own writer
  }

  @Override
  public void setLoginTimeout(int seconds) {
    DriverManager.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() {
    return DriverManager.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("no parent logger");
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new SQLException("not a wrapper of " + type.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return type.isInstance(this);
  }

  /** The URL may carry a password (user:pass@host): never shown. */
  @Override
  public String toString() {
    return "UrlDataSource{" + url.substring(0, Math.max(0, url.indexOf(':', 5))) + "}";
  }
}
