package dev.guidelab.ledger;

import java.sql.SQLException;

/** A database failure, unchecked so callers can let it reach their error boundary. */
public final class LedgerException extends RuntimeException {

  public LedgerException(SQLException cause) {
    super("database error: " + cause.getMessage(), cause);
  }
}
