package dev.guidelab.db;

import java.sql.SQLException;

/** A database failure, unchecked so callers can let it reach their error boundary. */
public final class DatabaseException extends RuntimeException {

  public DatabaseException(SQLException cause) {
    super("database error: " + cause.getMessage(), cause);
  }
}
