package dev.guidelab.experiment;

import static dev.guidelab.experiment.SpecReader.child;
import static dev.guidelab.experiment.SpecReader.field;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guidelab.sampling.SamplerSettings;
import dev.guidelab.sampling.SamplerSettings.Start;
import java.util.List;
import java.util.Locale;

/**
 * The {@code sampler} object of a spec: reads it with defaults from {@link
 * SamplerSettings#defaults()} (the toy's) or, for an image model, {@link
 * SamplerSettings#imageDefaults()}, and writes it back in canonical form.
 */
final class SamplerSection {

  static final String PATH = "sampler";

  /** Fields in canonical order. */
  static final List<String> FIELDS =
      List.of(
          "steps",
          "sigmaMin",
          "sigmaMax",
          "rho",
          "order",
          "churn",
          "sMin",
          "sMax",
          "sNoise",
          "start");

  static final int MAX_STEPS = 1000;

  /** Initial states by their spec name. */
  static final List<String> STARTS = List.of("noise", "data");

  /** Model ids whose ground truth can be sampled exactly, which {@code start: "data"} requires. */
  static final String TOY_PREFIX = "toy-";

  private SamplerSection() {}

  /**
   * Reads the sampler object; an absent object or field takes its default, and an absent {@code
   * sMax} is σ_max (no upper bound on churn).
   *
   * @param node the {@code sampler} value, or {@code null} when absent
   * @param main the spec's main model, or {@code null} if it was invalid (skips the start check)
   * @return the settings, or {@code null} if any error was recorded here
   */
  static SamplerSettings read(JsonNode node, String main, SpecReader r) {
    boolean image = main != null && r.models().imageShape(main).isPresent();
    SamplerSettings d = image ? SamplerSettings.imageDefaults() : SamplerSettings.defaults();
    if (node == null) {
      return d;
    }
    int errorsBefore = r.errorCount();
    ObjectNode o = r.object(node, PATH);
    if (o == null) {
      return null;
    }
    r.rejectUnknown(o, PATH, FIELDS);

    Long steps =
        integer(o, "steps", d.steps(), 1, MAX_STEPS, "must be an integer in 1.." + MAX_STEPS, r);
    Double sigmaMin = positive(o, "sigmaMin", d.sigmaMin(), r);
    Double sigmaMax = positive(o, "sigmaMax", d.sigmaMax(), r);
    if (sigmaMin != null && sigmaMax != null && sigmaMin >= sigmaMax) {
      r.error(
          path("sigmaMin"),
          "must be < sigmaMax (" + Numbers.format(sigmaMax) + "), got " + Numbers.format(sigmaMin));
    }
    Double rho = positive(o, "rho", d.rho(), r);
    Long order = integer(o, "order", d.order(), 1, 2, "must be 1 (Euler) or 2 (Heun)", r);
    Double churn = nonNegative(o, "churn", d.churn(), r);
    Double sMin = nonNegative(o, "sMin", d.sMin(), r);
    JsonNode sMaxNode = field(o, "sMax");
    Double sMax = sMaxNode == null ? sigmaMax : r.nonNegative(sMaxNode, path("sMax"));
    if (sMin != null && sMax != null && sMax < sMin) {
      if (sMaxNode == null) {
        r.error(
            path("sMin"),
            "must be ≤ sMax, which defaults to sigmaMax ("
                + Numbers.format(sMax)
                + "), got "
                + Numbers.format(sMin));
      } else {
        r.error(
            path("sMax"),
            "must be ≥ sMin (" + Numbers.format(sMin) + "), got " + Numbers.format(sMax));
      }
    }
    Double sNoise = nonNegative(o, "sNoise", d.sNoise(), r);
    Start start = readStart(field(o, "start"), main, r);

    if (r.errorCount() > errorsBefore) {
      return null;
    }
    return new SamplerSettings(
        Math.toIntExact(steps),
        sigmaMin,
        sigmaMax,
        rho,
        Math.toIntExact(order),
        churn,
        sMin,
        sMax,
        sNoise,
        start);
  }

  /** Writes every field, in {@link #FIELDS} order, into {@code target}. */
  static ObjectNode write(SamplerSettings s, ObjectNode target) {
    target.put("steps", s.steps());
    target.put("sigmaMin", s.sigmaMin());
    target.put("sigmaMax", s.sigmaMax());
    target.put("rho", s.rho());
    target.put("order", s.order());
    target.put("churn", s.churn());
    target.put("sMin", s.sMin());
    target.put("sMax", s.sMax());
    target.put("sNoise", s.sNoise());
    target.put("start", s.start().name().toLowerCase(Locale.ROOT));
    return target;
  }

  private static Start readStart(JsonNode node, String main, SpecReader r) {
    if (node == null) {
      return Start.NOISE;
    }
    String allowed = "; allowed: " + String.join(", ", STARTS);
    if (!node.isTextual()) {
      r.error(path("start"), "must be a string" + allowed + ", got " + SpecReader.describe(node));
      return null;
    }
    String name = node.textValue();
    if (!STARTS.contains(name)) {
      r.error(path("start"), "unknown start " + SpecReader.quote(name) + allowed);
      return null;
    }
    Start start = Start.valueOf(name.toUpperCase(Locale.ROOT));
    if (start == Start.DATA && main != null && !main.startsWith(TOY_PREFIX)) {
      r.error(
          path("start"),
          "'data' (exact samples of the noisy ground truth) is only available"
              + " when main is a toy model ('"
              + TOY_PREFIX
              + "…'), got main "
              + SpecReader.quote(main));
      return null;
    }
    return start;
  }

  // Field readers: the field's value checked by the reader, or the default when absent.

  private static Long integer(
      ObjectNode o, String name, long fallback, long min, long max, String rule, SpecReader r) {
    JsonNode value = field(o, name);
    return value == null ? Long.valueOf(fallback) : r.integer(value, path(name), min, max, rule);
  }

  private static Double positive(ObjectNode o, String name, double fallback, SpecReader r) {
    JsonNode value = field(o, name);
    return value == null ? Double.valueOf(fallback) : r.positive(value, path(name));
  }

  private static Double nonNegative(ObjectNode o, String name, double fallback, SpecReader r) {
    JsonNode value = field(o, name);
    return value == null ? Double.valueOf(fallback) : r.nonNegative(value, path(name));
  }

  private static String path(String name) {
    return child(PATH, name);
  }
}
