package dev.guidelab.toynet;

/**
 * Architecture of a toy denoiser network (docs/toy.md, "Toy denoiser network"): input {@code
 * [c_in·x (2), ln(σ)/4, 1]} (plus the 2 condition values of a conditional network) →
 * MP-linear(in→H) → {@code layers} × [SiLU/0.596 → MP-linear(H→H)] → {@code y ∈ R^H}, and a scalar
 * gain.
 *
 * @param hidden hidden width H (64 for the reference main model, 32 for its guides)
 * @param layers number of hidden [SiLU → MP-linear] blocks (4 in the reference)
 * @param conditional whether the network takes a condition: a one-hot A/B vector, all zeros being
 *     the null condition
 */
public record ToyNetConfig(int hidden, int layers, boolean conditional) {

  /** Dimension of one sample. */
  public static final int DIM = 2;

  /** Dimension of the condition of a conditional network (one-hot A, B). */
  public static final int CONDITION_DIM = 2;

  public ToyNetConfig {
    if (hidden < 1 || hidden > 4096) {
      throw new IllegalArgumentException("toy network hidden width must be 1..4096, got " + hidden);
    }
    if (layers < 1 || layers > 64) {
      throw new IllegalArgumentException("toy network layers must be 1..64, got " + layers);
    }
  }

  /** The reference unconditional architecture with hidden width {@code hidden} and 4 layers. */
  public static ToyNetConfig of(int hidden) {
    return new ToyNetConfig(hidden, 4, false);
  }

  /** The conditional (one-hot A/B) variant with hidden width {@code hidden} and 4 layers. */
  public static ToyNetConfig conditionalOf(int hidden) {
    return new ToyNetConfig(hidden, 4, true);
  }

  /** Condition dimension: 2 for a conditional network, else 0. */
  public int conditionDim() {
    return conditional ? CONDITION_DIM : 0;
  }

  /** Input features: {@code c_in·x} (2), {@code c_noise}, 1, and the condition. */
  public int inputDim() {
    return DIM + 2 + conditionDim();
  }

  /** Fan-in of linear layer {@code l} (0 = input layer). */
  public int fanIn(int l) {
    return l == 0 ? inputDim() : hidden;
  }

  /** Number of linear layers ({@code layers + 1}). */
  public int linearCount() {
    return layers + 1;
  }

  /** Trainable parameters: all weights plus the gain (16,641 for H = 64, 4,225 for H = 32). */
  public int parameterCount() {
    return hidden * inputDim() + layers * hidden * hidden + 1;
  }
}
