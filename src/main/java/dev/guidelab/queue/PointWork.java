package dev.guidelab.queue;

import java.util.UUID;

/**
 * The doorbell for one point: "this point is waiting". Everything else (spec, parameters, state) is
 * read from the ledger at claim time, so a stale or duplicate message is harmless.
 */
public record PointWork(UUID experimentId, UUID pointId) {}
