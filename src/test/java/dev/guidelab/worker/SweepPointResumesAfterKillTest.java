package dev.guidelab.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guidelab.testing.Await;
import dev.guidelab.testing.GuidelabProcess;
import dev.guidelab.testing.ProcessCluster;
import dev.guidelab.testing.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A sweep point whose worker is killed with {@code kill -9} mid-point resumes on another worker
 * from its last persisted batch, not from scratch, and ends with the numbers of the same spec run
 * uninterrupted, bit for bit: every metric and standard error at every n, partial and final, the
 * NFE and the preview, with one metric row per (metric, n). Real processes (the packaged app)
 * against a real Kafka and PostgreSQL.
 */
@Tag("flow")
class SweepPointResumesAfterKillTest {

  private static final int SAMPLES = 20_000;
  private static final int BATCH = 500;

  /** Every toy metric: the k-NN checkpoints, the 10,000 kept samples, FD∞ and Top-1 resume. */
  private static final String SPEC =
      """
      {"name": "resumes after a kill", "main": "toy-mlp:A-64-4096",
       "sweep": [{"method": "autoguidance", "guide": "toy-mlp:A-32-512", "weights": [2]}],
       "sampler": {"steps": 16}, "samples": %d, "seed": 5,
       "metrics": ["log_likelihood", "log_likelihood_clipped", "outlier_fraction", "far_fraction",
                   "branch_tv", "branches_hit", "top1_a", "top1_tv", "fd", "fd_debiased",
                   "fd_infinity", "precision", "recall", "density", "coverage", "kid", "realism",
                   "rarity"]}
      """
          .formatted(SAMPLES);

  private static final Pattern RESUMED =
      Pattern.compile("Point (\\S+) resumes at sample (\\d+) of (\\d+) from its checkpoint");

  @RegisterExtension static final ProcessCluster CLUSTER = new ProcessCluster();

  @Test
  void aPointWhoseWorkerIsKilledResumesOnAnotherAndEndsBitForBitAsAnUninterruptedRun()
      throws IOException, SQLException {
    try (GuidelabProcess api =
            CLUSTER.start(
                "resume-api", "api", Map.of("guidelab.worker.batch-size", String.valueOf(BATCH)));
        GuidelabProcess doomed =
            CLUSTER.start(
                "resume-worker-1",
                "worker",
                Map.of("guidelab.worker.batch-size", String.valueOf(BATCH)))) {
      String interrupted = Processes.submit(api, SPEC);
      String path = "/api/experiments/" + interrupted;
      // Past the preview (1,000) and some k-NN checkpoints, before the 10,000 kept samples.
      Await.until(
          "the first worker to pass 3,000 samples",
          Duration.ofMinutes(3),
          () -> point(Processes.get(api, path)).get("samplesDone").asInt() >= 3_000);
      doomed.kill();
      JsonNode killed = point(Processes.get(api, path));
      int doneAtKill = killed.get("samplesDone").asInt();
      assertTrue(doneAtKill < 10_000, "killed too late to cross the kept samples: " + killed);
      String pointId = killed.get("id").asText();

      JsonNode resumed;
      try (GuidelabProcess rescuer =
          CLUSTER.start(
              "resume-worker-2",
              "worker",
              Map.of("guidelab.worker.batch-size", String.valueOf(BATCH)))) {
        resumed = Processes.awaitEnd(api, interrupted, Duration.ofMinutes(6));
        assertEquals("COMPLETED", resumed.get("state").asText(), resumed.toPrettyString());

        // The same spec again, uninterrupted, on the same worker.
        String whole = Processes.submit(api, SPEC);
        JsonNode uninterrupted = Processes.awaitEnd(api, whole, Duration.ofMinutes(6));
        assertEquals("COMPLETED", uninterrupted.get("state").asText());
        assertEquals(1, point(uninterrupted).get("attempt").asInt());

        JsonNode a = point(resumed);
        JsonNode b = point(uninterrupted);
        assertEquals(2, a.get("attempt").asInt(), "computed again after the kill");
        assertEquals("resume-worker-2", a.get("worker").asText());
        assertEquals(SAMPLES, a.get("samplesDone").asInt());
        assertEquals(b.get("metrics"), a.get("metrics"), "final metrics, bit for bit");
        assertEquals(b.get("stderr"), a.get("stderr"), "final standard errors, bit for bit");
        assertEquals(b.get("nfePerSample"), a.get("nfePerSample"), "NFE before and after");

        // Every partial value, before the kill and after it, and one row per (metric, n).
        Map<String, JsonNode> series = series(api, interrupted);
        assertEquals(series(api, whole), series, "every (metric, n), bit for bit");
        List<Integer> reportedAt =
            IntStream.rangeClosed(1, SAMPLES / BATCH).map(i -> i * BATCH).boxed().toList();
        assertEquals(18 * reportedAt.size(), series.size(), "18 metrics at every report");
        for (int n : reportedAt) {
          assertTrue(series.containsKey("fd@" + n), "fd at " + n);
        }
        assertEquals(
            samples(api, whole, b.get("id").asText()),
            samples(api, interrupted, pointId),
            "the preview, stored once");
      }

      // The second worker resumed where the first one's last report left off, not from scratch.
      Matcher line =
          RESUMED.matcher(Files.readString(Path.of("target", "processes", "resume-worker-2.log")));
      assertTrue(line.find(), "the second worker's log says it resumed");
      assertEquals(pointId, line.group(1));
      int resumedAt = Integer.parseInt(line.group(2));
      // Every report of a toy point carries its checkpoint, in the transaction that stores it.
      assertEquals(doneAtKill, resumedAt, "resumed from the last report before the kill");
      // Nothing up to there was written again after the second claim.
      assertEquals(
          0,
          count(
              "SELECT count(*) FROM metric_value m WHERE m.point_id = ? AND m.n_samples <= ?"
                  + " AND m.at >= (SELECT max(at) FROM state_change s WHERE s.point_id = m.point_id"
                  + " AND s.to_state = 'RUNNING')",
              UUID.fromString(pointId),
              resumedAt),
          "metric rows up to the checkpoint rewritten");
      assertTrue(
          count(
                  "SELECT count(*) FROM metric_value m WHERE m.point_id = ? AND m.n_samples > ?",
                  UUID.fromString(pointId),
                  resumedAt)
              > 0);
    }
  }

  private static JsonNode point(JsonNode experiment) {
    return experiment.get("points").get(0);
  }

  /** The stored values of an experiment's single point by "metric@n". */
  private static Map<String, JsonNode> series(GuidelabProcess api, String id) {
    Map<String, JsonNode> byMetricAndN = new TreeMap<>();
    for (JsonNode row : Processes.get(api, "/api/experiments/" + id + "/metrics")) {
      JsonNode previous =
          byMetricAndN.put(row.get("metric").asText() + "@" + row.get("n").asInt(), row.deepCopy());
      assertNull(previous, "two rows for " + row);
    }
    byMetricAndN.values().forEach(row -> ((ObjectNode) row).remove("pointId"));
    return byMetricAndN;
  }

  private static JsonNode samples(GuidelabProcess api, String experiment, String point) {
    JsonNode preview =
        Processes.get(api, "/api/experiments/" + experiment + "/points/" + point + "/samples")
            .deepCopy();
    ((ObjectNode) preview).remove("pointId");
    return preview;
  }

  private static long count(String sql, Object... params) throws SQLException {
    try (Connection c = CLUSTER.connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
