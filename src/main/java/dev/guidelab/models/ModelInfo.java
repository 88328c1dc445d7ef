package dev.guidelab.models;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A model a spec can name as {@code main} or {@code guide}.
 *
 * @param name the stable name used in specs, e.g. {@code toy-oracle:A} or {@code toy-mlp:A-64-4096}
 * @param kind {@code oracle} for exact ground-truth denoisers, {@code toy-mlp} for trained toy
 *     networks, {@code torchscript} for users' image denoisers (params: channels, resolution,
 *     classes)
 * @param sha256 content hash of the weights (of the ground-truth file and class, for an oracle)
 * @param conditional whether the model takes a class condition: a toy network A, B or null; an
 *     image model one-hot over its {@code classes}, all zeros the null condition
 * @param builtin whether Guidelab ships it
 * @param params provenance: architecture, classes, iteration, EMA, training seed, validation loss
 */
public record ModelInfo(
    String name,
    ModelKind kind,
    String description,
    String sha256,
    boolean conditional,
    boolean builtin,
    @Schema(nullable = true) JsonNode params) {}
