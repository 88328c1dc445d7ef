package dev.guidelab.models;

/**
 * A model a spec can name as {@code main} or {@code guide}.
 *
 * @param name the stable name used in specs, e.g. {@code toy-oracle:A}
 * @param kind {@code oracle} for exact ground-truth denoisers
 * @param dim dimension of one sample
 */
public record ModelInfo(String name, String kind, int dim, String description) {}
