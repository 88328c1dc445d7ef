package dev.guidelab.models;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** What a named model is; stored in {@code model.kind} by its wire name. */
public enum ModelKind {
  /** An exact denoiser of the toy ground truth (no network). */
  ORACLE("oracle"),
  /** A toy network trained by Guidelab. */
  TOY_MLP("toy-mlp"),
  /** A user's TorchScript image denoiser. */
  TORCHSCRIPT("torchscript"),
  /** A TorchScript feature network the image metrics are computed in. */
  FEATURE_NET("feature-net");

  private final String wireName;

  ModelKind(String wireName) {
    this.wireName = wireName;
  }

  /** The name in the API and the database, e.g. {@code toy-mlp}. */
  @JsonValue
  public String wireName() {
    return wireName;
  }

  /** Whether samples can be drawn with it (every kind but feature networks). */
  public boolean denoises() {
    return this != FEATURE_NET;
  }

  /** The kind stored as {@code name}. */
  static ModelKind stored(String name) {
    return Arrays.stream(values())
        .filter(k -> k.wireName.equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("unknown model kind " + name));
  }
}
