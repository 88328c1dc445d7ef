package dev.guidelab.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.guidelab.models.ImageShape;
import dev.guidelab.work.Condition;
import java.util.Optional;

/**
 * The {@code condition} of a spec: what a conditional main model's samples are conditioned on.
 *
 * <ul>
 *   <li>A conditional toy network: {@code "A"} or {@code "B"}; absent = {@code "A"}.
 *   <li>A class-conditional image model of K classes: a class index {@code 0..K−1}, every sample of
 *       that class (EDM2's {@code --class}), or {@code "random"}, each sample its own uniformly
 *       random class drawn from its seed (EDM2's default); absent = {@code "random"}, the class mix
 *       Fréchet distances against a whole data set's statistics assume.
 *   <li>An unconditional main model: not allowed.
 * </ul>
 */
final class ConditionSection {

  static final String PATH = "condition";

  private ConditionSection() {}

  /**
   * Reads {@code condition}.
   *
   * @param mainConditional whether main takes a condition, or null if main was invalid (then
   *     nothing is checked here)
   * @param image main's image shape, empty for a toy model
   * @return the condition, or null for an unconditional or invalid main, or when invalid
   */
  static Condition read(
      JsonNode node,
      String main,
      Boolean mainConditional,
      Optional<ImageShape> image,
      SpecReader r) {
    if (mainConditional == null) {
      return null;
    }
    if (node == null) {
      if (!mainConditional) {
        return null;
      }
      return image.isPresent()
          ? new Condition.RandomClass()
          : new Condition.Named(Condition.TOY_CLASSES.get(0));
    }
    if (!mainConditional) {
      r.error(
          PATH,
          "not allowed: main "
              + SpecReader.quote(main)
              + " takes no condition; remove the field or choose a conditional main model");
      return null;
    }
    return image.isPresent() ? imageClass(node, main, image.get().classes(), r) : toyClass(node, r);
  }

  private static Condition toyClass(JsonNode node, SpecReader r) {
    if (node.isTextual() && Condition.TOY_CLASSES.contains(node.textValue())) {
      return new Condition.Named(node.textValue());
    }
    r.error(
        PATH,
        "must be a class name; allowed: "
            + String.join(", ", Condition.TOY_CLASSES)
            + ", got "
            + SpecReader.describe(node));
    return null;
  }

  private static Condition imageClass(JsonNode node, String main, int classes, SpecReader r) {
    if (node.isTextual() && node.textValue().equals(Condition.RANDOM)) {
      return new Condition.RandomClass();
    }
    String allowed =
        "must be a class index in 0.."
            + (classes - 1)
            + " (main "
            + SpecReader.quote(main)
            + " has "
            + classes
            + " classes) or '"
            + Condition.RANDOM
            + "' (each sample its own uniformly random class, drawn from its seed)";
    if (!node.isNumber()) {
      r.error(PATH, allowed + ", got " + SpecReader.describe(node));
      return null;
    }
    Long index = r.integer(node, PATH, 0, classes - 1, allowed);
    return index == null ? null : new Condition.ClassIndex(Math.toIntExact(index));
  }
}
