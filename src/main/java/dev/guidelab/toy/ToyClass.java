package dev.guidelab.toy;

/** A condition of the 2-D toy (docs/toy.md): class A, class B, or none (their union A∪B). */
public enum ToyClass {
  /** The tree growing up-right from the origin; component weights {@code w_in_class}. */
  A,
  /** The tree growing down-left; component weights {@code w_in_class}. */
  B,
  /** The unconditional A∪B mixture (CFG's guide); component weights {@code w_in_AB}. */
  AB
}
