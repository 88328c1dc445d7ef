package dev.guidelab.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guidelab.db.JsonColumns;
import dev.guidelab.db.Transactions;
import dev.guidelab.experiment.ExperimentSpec;
import dev.guidelab.experiment.SpecParser;
import dev.guidelab.local.EmbeddedPostgres;
import dev.guidelab.metrics.Metric;
import dev.guidelab.models.ModelKind;
import dev.guidelab.models.PinnedModel;
import dev.guidelab.toy.ToyClass;
import dev.guidelab.work.ResolvedSweep;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Wall-clock timings of the history list (what the dashboard's history page asks for) with 10,000
 * experiments of 7 points each (completed, with two metrics at five n each, and what completing
 * them keeps for the metric columns, {@link ExperimentMetrics}) in a real PostgreSQL, against a
 * baseline measured in the same run: loading every summary at once, as a page that filtered and
 * paginated in the browser would have to. Run with {@code java -cp
 * target/classes:target/test-classes:$(cat target/cp.txt) dev.guidelab.ledger.HistoryBenchmark
 * [experiments]}.
 */
public final class HistoryBenchmark {

  private static final String[] OWNERS = {"ada", "grace", "alan", "edsger", "barbara"};
  private static final int PAGE = 25;

  private HistoryBenchmark() {}

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    Runtime rt = Runtime.getRuntime();
    System.out.printf(
        "java %s on %s %s, %d cores, max heap %d MiB; embedded PostgreSQL (zonky)%n",
        System.getProperty("java.version"),
        System.getProperty("os.name"),
        System.getProperty("os.arch"),
        rt.availableProcessors(),
        rt.maxMemory() >> 20);
    try (EmbeddedPostgres postgres = EmbeddedPostgres.startTemporary()) {
      PGSimpleDataSource db = new PGSimpleDataSource();
      db.setURL(postgres.jdbcUrl());
      db.setUser(postgres.username());
      db.setPassword(postgres.password());
      Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
      Transactions tx = new Transactions(db);
      ObjectMapper mapper = new ObjectMapper();
      JsonColumns json = new JsonColumns(mapper);
      ExperimentLedger ledger = new ExperimentLedger(tx, json, "bench");
      ExperimentQueries queries = new ExperimentQueries(tx, json);

      SpecParser parser = new SpecParser(Set.of("toy-oracle:A", "toy-oracle:AB")::contains);
      long start = System.nanoTime();
      for (int i = 0; i < count; i++) {
        ExperimentSpec spec = parser.parse(spec(i));
        ledger.create(
            spec.toNewExperiment(
                OWNERS[i % OWNERS.length],
                parser.toJson(spec),
                parser.hash(spec),
                oracles(spec),
                mapper),
            Map.of());
      }
      System.out.printf(
          "stored %d experiments (7 points each) through ExperimentLedger in %.1f s%n",
          count, (System.nanoTime() - start) / 1e9);
      tx.inTransaction(
          c -> {
            try (var s = c.createStatement()) {
              // Every point completed (its experiment stays queued) with two metrics at five n
              // each.
              s.execute("UPDATE point SET state = 'COMPLETED'");
              s.execute(
                  "INSERT INTO metric_value (point_id, metric, n_samples, value)"
                      + " SELECT p.id, m.metric, n, random() FROM point p"
                      + " CROSS JOIN (VALUES ('log_likelihood'), ('outlier_fraction')) m (metric)"
                      + " CROSS JOIN generate_series(200, 1000, 200) n");
            }
            // What completing the points keeps for the history's metric columns.
            List<UUID> points = new ArrayList<>();
            try (var ps = c.prepareStatement("SELECT id FROM point");
                var rs = ps.executeQuery()) {
              while (rs.next()) {
                points.add(rs.getObject(1, UUID.class));
              }
            }
            ExperimentMetrics.pointsCompleted(c, points);
            try (var s = c.createStatement()) {
              s.execute("ANALYZE");
            }
            return null;
          });

      double all =
          time(
              "baseline: every summary at once",
              () -> queries.list(filter(null, null, null, null), 0, count));
      time("newest page", () -> queries.list(filter(null, null, null, null), 0, PAGE));
      time("last page", () -> queries.list(filter(null, null, null, null), count / PAGE - 1, PAGE));
      time("search by name", () -> queries.list(filter(null, "needle 7", null, null), 0, PAGE));
      time("owner", () -> queries.list(filter(null, null, "grace", null), 0, PAGE));
      time("method", () -> queries.list(filter(null, null, null, "autoguidance"), 0, PAGE));
      time("state + owner", () -> queries.list(filter(State.QUEUED, null, "alan", null), 0, PAGE));
      MetricColumns likelihood = new MetricColumns("log_likelihood", false, null);
      MetricColumns atTwo = new MetricColumns("log_likelihood", false, 2.0);
      time(
          "metric column, newest page",
          () ->
              queries.list(
                  filter(null, null, null, null), ExperimentOrder.NEWEST, likelihood, 0, PAGE));
      time(
          "sort by best",
          () ->
              queries.list(
                  filter(null, null, null, null), ExperimentOrder.BEST, likelihood, 0, PAGE));
      time("sort by best, computed per query", () -> bestComputedPerQuery(tx, count));
      time(
          "sort by best, owner",
          () ->
              queries.list(
                  filter(null, null, "grace", null), ExperimentOrder.BEST, likelihood, 0, PAGE));
      time(
          "sort by best, last page",
          () ->
              queries.list(
                  filter(null, null, null, null),
                  ExperimentOrder.BEST,
                  likelihood,
                  count / PAGE - 1,
                  PAGE));
      time(
          "sort at w = 2",
          () ->
              queries.list(
                  filter(null, null, null, null), ExperimentOrder.AT_WEIGHT, atTwo, 0, PAGE));
      time(
          "sort at w = 2, method",
          () ->
              queries.list(
                  filter(null, null, null, "autoguidance"),
                  ExperimentOrder.AT_WEIGHT,
                  atTwo,
                  0,
                  PAGE));
      System.out.printf("(each row: median of 15 after 3 warm-ups; baseline %.1f ms)%n", all);
    }
  }

  private static ExperimentFilter filter(State state, String q, String owner, String method) {
    return new ExperimentFilter(state, null, owner, q, method, null);
  }

  /**
   * The first page by best log-likelihood as the history computed it before migration V18 kept it
   * per experiment: each row's best over its completed points at their largest n, per query.
   */
  private static Page<UUID> bestComputedPerQuery(Transactions tx, int count) {
    return tx.inTransaction(
        c -> {
          List<UUID> ids = new ArrayList<>();
          try (var ps =
              c.prepareStatement(
                  "SELECT e.id, (SELECT max(v.value) FROM point p CROSS JOIN LATERAL"
                      + " (SELECT m.value FROM metric_value m WHERE m.point_id = p.id"
                      + " AND m.metric = 'log_likelihood' ORDER BY m.n_samples DESC LIMIT 1) v"
                      + " WHERE p.experiment_id = e.id AND p.state = 'COMPLETED') AS best"
                      + " FROM experiment e ORDER BY best DESC NULLS LAST, e.created_at DESC,"
                      + " e.id LIMIT ?"); ) {
            ps.setInt(1, PAGE);
            try (var rs = ps.executeQuery()) {
              while (rs.next()) {
                ids.add(rs.getObject(1, UUID.class));
              }
            }
          }
          return new Page<>(ids, 0, PAGE, count);
        });
  }

  /** A 7-point toy sweep; every tenth uses autoguidance instead of cfg. */
  private static String spec(int i) {
    String guided =
        i % 10 == 0
            ? "{\"method\": \"autoguidance\", \"guide\": \"toy-oracle:AB\", \"weights\": [1.5, 2, 2.5]}"
            : "{\"method\": \"cfg\", \"guide\": \"toy-oracle:AB\", \"weights\": [1.5, 2, 2.5]}";
    return """
        {"name": "needle %d sweep", "main": "toy-oracle:A",
         "sweep": [{"method": "none"}, %s,
                   {"method": "cfg", "guide": "toy-oracle:AB", "weights": [3, 4, 5]}],
         "samples": 1000, "seed": %d}
        """
        .formatted(i, guided, i);
  }

  /** Median milliseconds of 15 runs after 3 warm-ups; prints it with the rows returned. */
  private static double time(String what, Supplier<?> query) {
    for (int i = 0; i < 3; i++) {
      var unused = query.get(); // timed, not used
    }
    double[] ms = new double[15];
    Object result = null;
    for (int i = 0; i < ms.length; i++) {
      long t = System.nanoTime();
      result = query.get();
      ms[i] = (System.nanoTime() - t) / 1e6;
    }
    Arrays.sort(ms);
    var page = (dev.guidelab.ledger.Page<?>) result;
    System.out.printf(
        "%-34s %8.2f ms  (%d rows of %d)%n",
        what, ms[ms.length / 2], page.items().size(), page.total());
    return ms[ms.length / 2];
  }

  /** The resolved form of a spec over the toy's oracles, as the api would pin it. */
  private static ResolvedSweep oracles(ExperimentSpec spec) {
    Map<String, PinnedModel> guides = new LinkedHashMap<>();
    spec.guideNames().forEach(name -> guides.put(name, oracle(name)));
    return new ResolvedSweep(
        oracle(spec.main()),
        Map.of(),
        guides,
        spec.condition(),
        spec.sampler(),
        spec.samples(),
        Metric.named(spec.metrics()),
        null,
        null);
  }

  private static PinnedModel oracle(String name) {
    ToyClass c = ToyClass.valueOf(name.substring("toy-oracle:".length()));
    return new PinnedModel(name, ModelKind.ORACLE, "sha-" + c, c, false, null);
  }
}
