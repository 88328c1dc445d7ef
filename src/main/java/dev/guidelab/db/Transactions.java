package dev.guidelab.db;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Runs JDBC work in one transaction on a pooled connection: commit on return, roll back on throw.
 */
@ApplicationScoped
public class Transactions {

  /** Work done with a connection inside a transaction. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private final DataSource dataSource;

  public Transactions(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Runs {@code write} in a transaction of its own. */
  public void run(Write write) {
    inTransaction(
        c -> {
          write.to(c);
          return null;
        });
  }

  /** PostgreSQL's SQLSTATE for a transaction it chose as a deadlock's victim and rolled back. */
  static final String DEADLOCK = "40P01";

  /** How often {@link #inTransactionRetryingDeadlocks} runs its work at most. */
  static final int DEADLOCK_ATTEMPTS = 3;

  /**
   * As {@link #inTransaction}, run again (up to {@value #DEADLOCK_ATTEMPTS} times in all) when
   * PostgreSQL picks the transaction as a deadlock's victim: for work that locks many rows other
   * transactions also lock (cancelling an experiment's points while workers write to them). {@code
   * work} must have no effect outside the connection, since a victim's attempt is rolled back and
   * forgotten.
   */
  public <T> T inTransactionRetryingDeadlocks(Work<T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return inTransaction(work);
      } catch (DatabaseException e) {
        if (attempt == DEADLOCK_ATTEMPTS
            || !(e.getCause() instanceof SQLException sql)
            || !DEADLOCK.equals(sql.getSQLState())) {
          throw e;
        }
      }
    }
  }

  /** Runs {@code work} in one transaction: commit on return, roll back on throw. */
  public <T> T inTransaction(Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
  }
}
