package dev.guidelab.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guidelab.db.JsonColumns;
import dev.guidelab.db.Transactions;
import dev.guidelab.local.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * What the history's metric columns read ({@link MetricColumns}), kept by {@link ExperimentMetrics}
 * as points complete, against a real PostgreSQL: the best final value over every completed point
 * and over those at one guidance weight (whatever their method), partial values left out, a reused
 * point counted like a computed one, and the migration's backfill of what completed points held
 * before.
 */
@Tag("flow")
class ExperimentMetricsTest {

  private static TestLedger ledger;
  private static ExperimentQueries queries;

  @BeforeAll
  static void start() {
    ledger = new TestLedger();
    queries =
        new ExperimentQueries(new Transactions(ledger.db), new JsonColumns(new ObjectMapper()));
  }

  @AfterAll
  static void stop() {
    ledger.close();
  }

  @BeforeEach
  void clear() throws SQLException {
    ledger.clear();
  }

  /** A point to store: its weight (null: unguided) and its final fd and log-likelihood. */
  private record Run(Double weight, double fd, double likelihood) {}

  /** Stores an experiment of {@code runs}, reusing {@code reused}' results for its first point. */
  private static ExperimentLedger.Created create(String name, List<Run> runs, UUID reused) {
    List<ExperimentLedger.NewPoint> points = new ArrayList<>();
    for (Run run : runs) {
      points.add(
          new ExperimentLedger.NewPoint(
              "w=" + run.weight(), Map.of(), null, null, 1, 1, null, run.weight()));
    }
    return ledger.experiments.create(
        new ExperimentLedger.NewExperiment(
            TestLedger.KIND,
            name,
            "ada",
            "{}",
            "hash",
            Map.of(),
            Pins.none(),
            points,
            10,
            0,
            reused != null),
        reused == null ? Map.of() : Map.of(0, new Reuse.Source(reused, false)));
  }

  /**
   * Computes the queued points of {@code created}: a better partial value first, then the final.
   */
  private static void compute(ExperimentLedger.Created created, List<Run> runs) {
    for (int i = 0; i < runs.size(); i++) {
      UUID pointId = created.pointIds().get(i);
      if (!created.queued().contains(pointId)) {
        continue;
      }
      Claim claim =
          ledger
              .claims
              .claim(created.experimentId(), pointId, new Claimant("w", "cpu"))
              .orElseThrow();
      Run run = runs.get(i);
      ledger.points.recordProgress(
          claim, 5, 5, Map.of("fd", 0.0, "log_likelihood", 99.0), Map.of(), List.of(), null);
      Map<String, Double> metrics = new HashMap<>(Map.of("fd", run.fd()));
      metrics.put("log_likelihood", run.likelihood());
      assertTrue(
          ledger.points.complete(claim, 10, 10, metrics, Map.of(), List.of(), null).isPresent());
    }
  }

  private static List<ExperimentSummary> list(ExperimentOrder order, MetricColumns columns) {
    return queries.list(ExperimentFilter.ALL, order, columns, 0, 20).items();
  }

  @Test
  void keepsTheBestFinalValueOverEveryPointAndAtEachWeight() {
    List<Run> sweep =
        List.of(
            new Run(null, 0.5, 1.0),
            new Run(2.0, 0.4, 0.7),
            new Run(2.0, 0.3, 0.9),
            new Run(3.0, 0.2, 0.8));
    ExperimentLedger.Created a = create("a", sweep, null);
    compute(a, sweep);

    MetricColumns fdAtTwo = new MetricColumns("fd", true, 2.0);
    ExperimentSummary row = list(ExperimentOrder.NEWEST, fdAtTwo).get(0);
    assertEquals(0.2, row.best()); // lower is better, the partial 0 left out
    assertEquals(0.3, row.atWeight()); // the better of the two methods at w = 2
    MetricColumns likelihoodAtThree = new MetricColumns("log_likelihood", false, 3.0);
    row = list(ExperimentOrder.NEWEST, likelihoodAtThree).get(0);
    assertEquals(1.0, row.best()); // the unguided point counts towards the best
    assertEquals(0.8, row.atWeight());
    assertNull(list(ExperimentOrder.NEWEST, new MetricColumns("fd", true, 1.5)).get(0).atWeight());

    // b reuses a's second point (fd 0.4 at w = 2) and computes a better one at w = 3; c has no
    // point at w = 2.
    List<Run> other = List.of(new Run(2.0, 0, 0), new Run(3.0, 0.1, 0.5));
    ExperimentLedger.Created b = create("b", other, a.pointIds().get(1));
    compute(b, other);
    List<Run> third = List.of(new Run(4.0, 0.35, 0.5));
    ExperimentLedger.Created c = create("c", third, null);
    compute(c, third);
    List<Run> fourth = List.of(new Run(5.0, 0.6, 0.1));
    ExperimentLedger.Created d = create("d", fourth, null);
    compute(d, fourth);

    // Those without a value last, newest first.
    List<UUID> atTwo =
        List.of(a.experimentId(), b.experimentId(), d.experimentId(), c.experimentId());
    assertEquals(atTwo, ids(list(ExperimentOrder.AT_WEIGHT, fdAtTwo)));
    assertEquals(
        List.of(b.experimentId(), a.experimentId(), c.experimentId(), d.experimentId()),
        ids(list(ExperimentOrder.BEST, fdAtTwo)));
    assertEquals(0.4, list(ExperimentOrder.AT_WEIGHT, fdAtTwo).get(1).atWeight());
    // Page by page the same order, across the step from rows with a value to those without.
    for (int size = 1; size <= 3; size++) {
      List<UUID> paged = new ArrayList<>();
      for (int page = 0; page * size < atTwo.size(); page++) {
        Page<ExperimentSummary> rows =
            queries.list(ExperimentFilter.ALL, ExperimentOrder.AT_WEIGHT, fdAtTwo, page, size);
        assertEquals(atTwo.size(), rows.total());
        paged.addAll(ids(rows.items()));
      }
      assertEquals(atTwo, paged, "pages of " + size);
    }
  }

  private static List<UUID> ids(List<ExperimentSummary> rows) {
    return rows.stream().map(ExperimentSummary::id).toList();
  }

  @Test
  void theMigrationKeepsWhatCompletedPointsHeldBefore() throws SQLException {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.startTemporary()) {
      PGSimpleDataSource db = new PGSimpleDataSource();
      db.setURL(postgres.jdbcUrl());
      db.setUser(postgres.username());
      db.setPassword(postgres.password());
      Flyway.configure()
          .dataSource(db)
          .locations("classpath:db/migration")
          .target("17")
          .load()
          .migrate();
      try (Connection c = db.getConnection();
          Statement s = c.createStatement()) {
        s.execute(
            "INSERT INTO experiment (id, kind, name, owner, spec, spec_hash, guidelab_version, state)"
                + " VALUES ('00000000-0000-0000-0000-000000000001', 'sweep', 'old', 'ada', '{}',"
                + " 'h', 'old', 'COMPLETED')");
        s.execute(
            "INSERT INTO point (id, experiment_id, ordinal, params, seed, samples, state)"
                + " SELECT ('00000000-0000-0000-0000-00000000001' || i)::uuid,"
                + " '00000000-0000-0000-0000-000000000001', i, params::jsonb, 1, 10, state"
                + " FROM (VALUES (0, '{\"method\": \"none\"}', 'COMPLETED'),"
                + " (1, '{\"method\": \"interval\", \"sigmaLo\": 0.2, \"sigmaHi\": 2,"
                + " \"inner\": {\"method\": \"cfg\", \"guide\": \"g\", \"weight\": 2}}', 'COMPLETED'),"
                + " (2, '{\"method\": \"cfg\", \"guide\": \"g\", \"weight\": 2}', 'COMPLETED'),"
                + " (3, '{\"method\": \"cfg\", \"guide\": \"g\", \"weight\": 3}', 'FAILED'))"
                + " v (i, params, state)");
        // fd at n = 5 (partial) and n = 10 (final) per point: 0.1·(4 − i) finally.
        s.execute(
            "INSERT INTO metric_value (point_id, metric, n_samples, value)"
                + " SELECT p.id, 'fd', n, CASE WHEN n = 10 THEN 0.1 * (4 - p.ordinal) ELSE 0 END"
                + " FROM point p CROSS JOIN (VALUES (5), (10)) v (n)");
      }
      Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
      try (Connection c = db.getConnection();
          Statement s = c.createStatement()) {
        assertEquals(
            "0:null 1:2 2:2 3:3",
            rows(s, "SELECT ordinal || ':' || coalesce(weight::text, 'null') FROM point"));
        assertEquals(
            "fd:2:0.2:0.3 fd:null:0.2:0.4",
            rows(
                s,
                "SELECT metric || ':' || coalesce(weight::text, 'null') || ':' || lowest || ':'"
                    + " || highest FROM experiment_metric"));
      }
    }
  }

  /** The query's one text column, ordered, joined by spaces. */
  private static String rows(Statement s, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (ResultSet rs = s.executeQuery(sql + " ORDER BY 1")) {
      while (rs.next()) {
        rows.add(rs.getString(1));
      }
    }
    return String.join(" ", rows);
  }
}
