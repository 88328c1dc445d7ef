package dev.guidelab.work;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.guidelab.sampling.SampleConditions;
import java.util.List;

/**
 * A spec's {@code condition}: what a conditional main model's samples are conditioned on. A
 * conditional toy network takes one of the toy's classes by name; a class-conditional image model a
 * class index, or a random class per sample drawn from the sample's own seed.
 */
public sealed interface Condition {

  /** Toy classes by name; the one-hot index is the position. */
  List<String> TOY_CLASSES = List.of("A", "B");

  /** The spec value of {@link RandomClass}. */
  String RANDOM = "random";

  /** The classes of a run's samples for a network of {@code classes} one-hot classes. */
  SampleConditions samples(int classes);

  /** The value as the canonical spec writes it, and as JSON stores it. */
  @JsonValue
  JsonNode json();

  /**
   * The condition {@link #json()} wrote.
   *
   * @throws IllegalArgumentException for anything else
   */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static Condition fromJson(JsonNode node) {
    if (node.isIntegralNumber() && node.canConvertToInt()) {
      return new ClassIndex(node.intValue());
    }
    if (node.isTextual()) {
      return node.textValue().equals(RANDOM) ? new RandomClass() : new Named(node.textValue());
    }
    throw new IllegalArgumentException("not a condition: " + node);
  }

  /** A toy class, {@code "A"} or {@code "B"}. */
  record Named(String name) implements Condition {

    public Named {
      if (!TOY_CLASSES.contains(name)) {
        throw new IllegalArgumentException("not a toy class: " + name);
      }
    }

    @Override
    public SampleConditions samples(int classes) {
      return SampleConditions.fixed(classes, TOY_CLASSES.indexOf(name));
    }

    @Override
    public JsonNode json() {
      return JsonNodeFactory.instance.textNode(name);
    }
  }

  /** Every sample conditioned on class {@code index} (EDM2's {@code --class}). */
  record ClassIndex(int index) implements Condition {

    public ClassIndex {
      if (index < 0) {
        throw new IllegalArgumentException("a class index is ≥ 0, got " + index);
      }
    }

    @Override
    public SampleConditions samples(int classes) {
      return SampleConditions.fixed(classes, index);
    }

    @Override
    public JsonNode json() {
      return JsonNodeFactory.instance.numberNode(index);
    }
  }

  /**
   * Each sample conditioned on its own uniformly random class, a function of the sample's {@code
   * (seed, k)} (EDM2's {@code generate_images} without {@code --class}).
   */
  record RandomClass() implements Condition {

    @Override
    public SampleConditions samples(int classes) {
      return SampleConditions.random(classes);
    }

    @Override
    public JsonNode json() {
      return JsonNodeFactory.instance.textNode(RANDOM);
    }
  }

  /** The toy class a condition names, or null for none or an image model's condition. */
  static String toyClass(Condition condition) {
    return condition instanceof Named named ? named.name() : null;
  }
}
