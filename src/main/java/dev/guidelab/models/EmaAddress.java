package dev.guidelab.models;

import dev.guidelab.toynet.PostHocEma;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A model id that asks for a post-hoc EMA reconstruction (docs/spec.md, "Post-hoc EMA addresses"):
 * {@code <model>@ema=<σ_rel>} — the model's snapshot family at the model's own iteration — or
 * {@code <family>@it=<iteration>,ema=<σ_rel>} — a family at one of its stored iterations. The one
 * place where such ids are parsed; {@link PostHocModels} resolves them against the stored families.
 *
 * @param base the part before {@code @}: a model or a family name
 * @param iteration the {@code it=} value, if given
 * @param sigmaRel the {@code ema=} value: the relative width σ_rel of the EMA profile asked for
 */
public record EmaAddress(String base, OptionalLong iteration, double sigmaRel) {

  /** Separates a model or family name from the reconstruction it asks for. */
  public static final char SEPARATOR = '@';

  /** The narrowest width reconstruction offers, a width every snapshot family can be asked for. */
  public static final double NARROWEST = PostHocEma.MIN_SIGMA_REL;

  /** What an address looks like, for error messages. */
  public static final String SYNTAX = "<model>@ema=<σ_rel> or <family>@it=<iteration>,ema=<σ_rel>";

  /** Whether {@code id} is meant as an address (it has an {@code @}; model names never do). */
  public static boolean isAddress(String id) {
    return id.indexOf(SEPARATOR) >= 0;
  }

  /**
   * The address of {@code base} at EMA width {@code sigmaRel}, at {@code iteration} if given:
   * {@code toy-mlp:A-32@it=512,ema=0.05}. The one place addresses are written; {@link #parse} reads
   * it back to equal values.
   */
  public static String id(String base, OptionalLong iteration, double sigmaRel) {
    String ema = "ema=" + BigDecimal.valueOf(sigmaRel).stripTrailingZeros().toPlainString();
    return base
        + SEPARATOR
        + (iteration.isPresent() ? "it=" + iteration.getAsLong() + "," + ema : ema);
  }

  /**
   * Why post-hoc reconstruction offers no EMA of width {@code sigmaRel} ({@link
   * PostHocEma#MIN_SIGMA_REL}..{@link PostHocEma#MAX_SIGMA_REL}), or empty if it does.
   */
  public static Optional<String> widthProblem(double sigmaRel) {
    if (PostHocEma.supports(sigmaRel)) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(
            Locale.ROOT,
            "ema=%s is outside the σ_rel range post-hoc reconstruction offers, %s..%s",
            sigmaRel,
            PostHocEma.MIN_SIGMA_REL,
            PostHocEma.MAX_SIGMA_REL));
  }

  /**
   * Parses {@code id}.
   *
   * @throws IllegalArgumentException saying what is wrong and what an address looks like
   */
  public static EmaAddress parse(String id) {
    int at = id.indexOf(SEPARATOR);
    if (at <= 0 || at == id.length() - 1) {
      throw invalid("a name before '@' and a request after it");
    }
    String base = id.substring(0, at);
    Long iteration = null;
    Double sigmaRel = null;
    for (String part : id.substring(at + 1).split(",", -1)) {
      int eq = part.indexOf('=');
      String key = eq < 0 ? part : part.substring(0, eq);
      String value = eq < 0 ? "" : part.substring(eq + 1);
      switch (key) {
        case "it" -> {
          if (iteration != null) {
            throw invalid("'it' once");
          }
          iteration = positiveInteger(value);
        }
        case "ema" -> {
          if (sigmaRel != null) {
            throw invalid("'ema' once");
          }
          sigmaRel = number(value);
        }
        default -> throw invalid("the keys 'it' and 'ema' only, not '" + key + "'");
      }
    }
    if (sigmaRel == null) {
      throw invalid("ema=<σ_rel>");
    }
    return new EmaAddress(
        base, iteration == null ? OptionalLong.empty() : OptionalLong.of(iteration), sigmaRel);
  }

  private static long positiveInteger(String value) {
    try {
      long n = Long.parseLong(value);
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid("it=<iteration> with a positive integer iteration, not '" + value + "'");
  }

  private static double number(String value) {
    try {
      double x = new BigDecimal(value).doubleValue();
      if (Double.isFinite(x)) {
        return x;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid("ema=<σ_rel> with a decimal number, not '" + value + "'");
  }

  private static IllegalArgumentException invalid(String needs) {
    return new IllegalArgumentException("a post-hoc EMA address (" + SYNTAX + ") needs " + needs);
  }
}
