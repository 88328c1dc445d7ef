package dev.guidelab.references;

import dev.guidelab.toy.ToyClass;
import java.util.Objects;

/**
 * Reference statistics as an experiment uses them: pinned by content key when it was accepted, so a
 * worker loads exactly those numbers ({@link ReferenceStore#findByKey}) even if the name later
 * names others.
 *
 * @param name the name the spec used
 * @param key the statistics' content key
 * @param toyClass for the toy's built-in exact references ({@code toy-exact:A} …), their class,
 *     whose Top-1 histogram the toy's {@code top1_tv} compares with; null for any other
 */
public record PinnedReference(String name, String key, ToyClass toyClass) {

  public PinnedReference {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(key, "key");
  }
}
