package dev.guidelab.db;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A write that runs in a transaction someone else opens and commits: the point engine stores a
 * point's results with the progress or completion they belong to, in one transaction that does
 * nothing once the point is no longer the worker's.
 */
@FunctionalInterface
public interface Write {

  void to(Connection connection) throws SQLException;
}
