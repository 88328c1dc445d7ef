package dev.guidelab.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A valid spec as {@code POST /api/experiments/validate} answers it, without storing anything.
 *
 * @param spec the normalised spec (defaults filled in), as it would be stored
 * @param specHash the SHA-256 of its computational content
 * @param points the label of every point it expands to, in order
 * @param cost its points, samples and network evaluations, and how long it would take
 */
public record SpecCheck(JsonNode spec, String specHash, List<String> points, SpecCost cost) {}
