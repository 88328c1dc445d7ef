package dev.guidelab.features;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a feature network takes and gives, and the name of the preprocessing pipeline that feeds it
 * (recorded with every value computed from its features: preprocessing changes the numbers).
 *
 * <p>Every network receives Guidelab's images as uint8 NCHW ({@link Images.Uint8}). A {@link
 * InputKind#UINT8_NCHW} network takes them as they are ({@code height = width = 0}: any size, the
 * network resizes inside). A {@link InputKind#FLOAT_NCHW} network takes float32 NCHW of exactly
 * {@code channels × height × width}, made in Java by {@link Preprocessing}: bicubic antialiased
 * resize on the 0..255 scale, {@code / 255}, then {@code (x − mean[c]) / std[c]}.
 *
 * @param name short name of the network family, used in error messages
 * @param input the tensor the network's {@code forward} takes
 * @param channels expected channels C
 * @param height expected height H, or 0 for any (uint8 input only)
 * @param width expected width W, or 0 for any (uint8 input only)
 * @param mean per-channel mean subtracted after {@code / 255} (float input only, else empty)
 * @param std per-channel standard deviation divided by (float input only, else empty)
 * @param forward how {@code forward} is called
 * @param dim output dimension D: {@code forward} returns {@code [N, D]}
 * @param classes K, the classes of the network's classifier head, or 0 for none: with {@link
 *     ForwardCall#TENSOR_RETURN_FEATURES}, {@code forward(x, return_features=False)} returns {@code
 *     [N, K]} logits (Inception's 1008), whose arg-max is an image's Top-1 class (docs/metrics.md,
 *     "Top-N class diagnostic")
 * @param pipeline name of the preprocessing pipeline, stored with every value
 */
public record FeatureContract(
    String name,
    InputKind input,
    int channels,
    int height,
    int width,
    List<Double> mean,
    List<Double> std,
    ForwardCall forward,
    int dim,
    int classes,
    String pipeline) {

  /** The tensor a network's {@code forward} takes. */
  public enum InputKind {
    /** uint8 NCHW images, 0..255, resized inside the network if it needs another size. */
    UINT8_NCHW,
    /** float32 NCHW, resized and normalised in Java before the network. */
    FLOAT_NCHW
  }

  /** How {@code forward} is called. */
  public enum ForwardCall {
    /** {@code forward(x)} */
    TENSOR,
    /** {@code forward(x, return_features=True)} (NVIDIA's Inception export; False gives logits) */
    TENSOR_RETURN_FEATURES
  }

  public static final List<Double> IMAGENET_MEAN = List.of(0.485, 0.456, 0.406);
  public static final List<Double> IMAGENET_STD = List.of(0.229, 0.224, 0.225);

  /**
   * FID's network: NVIDIA's TorchScript export {@code inception-2015-12-05.pt} of the 2015-12-05 TF
   * Inception-V3 graph; uint8 NCHW RGB of any size (resized to 299 inside), pool3 features 2048-D.
   */
  public static final FeatureContract INCEPTION_V3_2015 =
      new FeatureContract(
          "inception-v3-2015",
          InputKind.UINT8_NCHW,
          3,
          0,
          0,
          List.of(),
          List.of(),
          ForwardCall.TENSOR_RETURN_FEATURES,
          2048,
          1008,
          "uint8-nchw/resize-in-network");

  /**
   * FD_DINOv2's network: DINOv2 ViT-L/14, CLS feature 1024-D; input as edm2's {@code
   * DINOv2Detector(resize_mode='torch')}: bicubic antialiased resize to 224×224, / 255, ImageNet
   * mean/std.
   */
  public static final FeatureContract DINOV2_VITL14 =
      floatImages("dinov2-vitl14", 3, 224, 224, IMAGENET_MEAN, IMAGENET_STD, 1024);

  public FeatureContract {
    require(name != null && !name.isBlank(), "name", "must not be blank");
    require(input != null, "input", "must be UINT8_NCHW or FLOAT_NCHW");
    require(forward != null, "forward", "must be TENSOR or TENSOR_RETURN_FEATURES");
    require(channels > 0, "channels", "must be positive, got " + channels);
    require(dim > 0, "dim", "must be positive, got " + dim);
    require(classes >= 0, "classes", "must be ≥ 0, got " + classes);
    require(
        classes == 0 || forward == ForwardCall.TENSOR_RETURN_FEATURES,
        "classes",
        "a classifier head is called as forward(x, return_features=False): needs forward"
            + " TENSOR_RETURN_FEATURES");
    require(pipeline != null && !pipeline.isBlank(), "pipeline", "must not be blank");
    mean = List.copyOf(mean);
    std = List.copyOf(std);
    if (input == InputKind.UINT8_NCHW) {
      require(
          (height == 0) == (width == 0) && height >= 0 && width >= 0,
          "height/width",
          "both 0 (any size) or both positive, got " + height + "×" + width);
      require(mean.isEmpty() && std.isEmpty(), "mean/std", "uint8 input takes no normalisation");
    } else {
      require(height > 0 && width > 0, "height/width", "float input needs a fixed size");
      require(mean.size() == channels, "mean", "needs one value per channel (" + channels + ")");
      require(std.size() == channels, "std", "needs one value per channel (" + channels + ")");
      require(std.stream().allMatch(s -> s > 0), "std", "values must be positive, got " + std);
    }
  }

  /** A uint8 NCHW network of any input size (it resizes inside) without a classifier head. */
  public static FeatureContract uint8Images(
      String name, int channels, ForwardCall forward, int dim) {
    return uint8Images(name, channels, forward, dim, 0);
  }

  /**
   * A uint8 NCHW network of any input size (it resizes inside), e.g. another Inception export, with
   * a classifier head of {@code classes} logits (0 for none).
   */
  public static FeatureContract uint8Images(
      String name, int channels, ForwardCall forward, int dim, int classes) {
    return new FeatureContract(
        name,
        InputKind.UINT8_NCHW,
        channels,
        0,
        0,
        List.of(),
        List.of(),
        forward,
        dim,
        classes,
        "uint8-nchw/resize-in-network");
  }

  /**
   * A float NCHW network fed by {@link Preprocessing}: its pipeline name spells out the steps, e.g.
   * {@code bicubic-aa-224x224/div255/mean[0.485,0.456,0.406]/std[0.229,0.224,0.225]}.
   */
  public static FeatureContract floatImages(
      String name,
      int channels,
      int height,
      int width,
      List<Double> mean,
      List<Double> std,
      int dim) {
    String pipeline =
        String.format(
            Locale.ROOT,
            "bicubic-aa-%dx%d/div255/mean%s/std%s",
            height,
            width,
            list(mean),
            list(std));
    return new FeatureContract(
        name,
        InputKind.FLOAT_NCHW,
        channels,
        height,
        width,
        mean,
        std,
        ForwardCall.TENSOR,
        dim,
        0,
        pipeline);
  }

  /** Whether {@code forward(x, return_features=False)} gives {@link #classes} logits. */
  public boolean hasClassifier() {
    return classes > 0;
  }

  /** Whether images of any height and width are accepted (the network resizes inside). */
  public boolean anySize() {
    return height == 0;
  }

  /**
   * Checks images of {@code dtype} ({@code uint8} or {@code float32}) and shape {@code channels ×
   * height × width} against the contract: a float32 network's size is exact unless uint8 images are
   * resized for it by {@link Preprocessing}; a uint8 network of any size takes any size.
   *
   * @throws FeatureInputException naming the first field that does not fit
   */
  public void check(String dtype, int channels, int height, int width) {
    boolean floatInput = dtype.equals("float32");
    if (floatInput && input == InputKind.UINT8_NCHW) {
      throw error("images.dtype", "uint8 NCHW images (0..255)", dtype);
    }
    if (channels != this.channels) {
      throw error("images.channels", this.channels, channels);
    }
    // uint8 images for a float network are resized by Preprocessing; anything else must fit.
    boolean resizedHere = !floatInput && input == InputKind.FLOAT_NCHW;
    if (!anySize() && !resizedHere) {
      String note = floatInput ? " (float input is not resized; pass uint8 images for that)" : "";
      if (height != this.height) {
        throw error("images.height", this.height + note, height);
      }
      if (width != this.width) {
        throw error("images.width", this.width + note, width);
      }
    }
  }

  FeatureInputException error(String field, Object expected, Object got) {
    return new FeatureInputException(name, field, String.valueOf(expected), String.valueOf(got));
  }

  private static String list(List<Double> values) {
    return values.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"));
  }

  private static void require(boolean ok, String field, String message) {
    if (!ok) {
      throw new IllegalArgumentException("feature contract " + field + ": " + message);
    }
  }
}
