package dev.guidelab.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guidelab.db.JsonColumns;
import dev.guidelab.db.Transactions;
import dev.guidelab.local.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The ledger over a throw-away real PostgreSQL with Guidelab's migrations, without the application:
 * for tests of the ledger's own guarantees (claim order, concurrent claimers).
 */
final class TestLedger implements AutoCloseable {

  /** The kind of the experiments these tests store; nothing computes them. */
  static final ExperimentKind KIND = new ExperimentKind("ledger-test");

  final EmbeddedPostgres postgres;
  final PGSimpleDataSource db;
  final ExperimentLedger experiments;
  final PointLedger points;
  final PointClaims claims;

  TestLedger() {
    postgres = EmbeddedPostgres.startTemporary();
    db = new PGSimpleDataSource();
    db.setURL(postgres.jdbcUrl());
    db.setUser(postgres.username());
    db.setPassword(postgres.password());
    Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
    Transactions tx = new Transactions(db);
    JsonColumns json = new JsonColumns(new ObjectMapper());
    experiments = new ExperimentLedger(tx, json, "test");
    points = new PointLedger(tx);
    claims = new PointClaims(tx, json);
  }

  /** Removes every experiment, point, their history and the owners' turns. */
  void clear() throws SQLException {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      s.execute("TRUNCATE experiment, owner_turn CASCADE");
    }
  }

  /** A stored experiment: its id and its point ids in sweep order. */
  record Stored(UUID id, String owner, List<UUID> points) {
    /** The point at {@code ordinal}. */
    UUID point(int ordinal) {
      return points.get(ordinal);
    }
  }

  /** Stores an experiment of {@code points} points queued at {@code priority}. */
  Stored create(String owner, int priority, int points) {
    List<ExperimentLedger.NewPoint> newPoints = new ArrayList<>();
    for (int i = 0; i < points; i++) {
      newPoints.add(new ExperimentLedger.NewPoint("p" + i, Map.of("i", i), i, 1));
    }
    ExperimentLedger.Created created =
        experiments.create(
            new ExperimentLedger.NewExperiment(
                KIND,
                owner + " p" + priority,
                owner,
                "{}",
                "hash",
                Map.of(),
                Pins.none(),
                newPoints,
                10,
                priority,
                false),
            Map.of());
    return new Stored(created.experimentId(), owner, created.pointIds());
  }

  /** Completes a claimed point. */
  void complete(Claim claim) {
    if (points.complete(claim, 10, 10, Map.of(), Map.of(), List.of(), null).isEmpty()) {
      throw new AssertionError("point " + claim.pointId() + " was not held any more");
    }
  }

  @Override
  public void close() {
    postgres.close();
  }
}
