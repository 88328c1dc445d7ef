package dev.guidelab.references;

import dev.guidelab.api.FieldError;
import dev.guidelab.api.InvalidRequestException;
import dev.guidelab.api.ZipBounds;
import dev.guidelab.features.FeatureContract;
import dev.guidelab.features.FeatureInputException;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import javax.imageio.ImageIO;

/**
 * Opens an uploaded reference set and checks its structure against the feature network before any
 * compute, so a wrong upload is answered {@code 400} at once; problems in the values themselves (a
 * PNG that does not decode, a NaN feature) surface while streaming, as {@link
 * InvalidRequestException}s on {@code file} too. The upload is one of:
 *
 * <ul>
 *   <li>an {@code .npz} with an {@code images} array, uint8 {@code (N, C, H, W)} or {@code (N, H,
 *       W, C)}: the layout is the one whose channel axis has the network's C, or {@code layout}
 *       when both do (e.g. {@code (N, 3, 32, 3)}), and C, H, W must fit its contract;
 *   <li>an {@code .npz} with a {@code features} array, float32 or float64 {@code (N, d)}, d the
 *       network's dimension;
 *   <li>a zip of PNG and JPEG files ("a folder"), read in the zip's order with {@link ImageIO} and
 *       converted to RGB as PIL's {@code convert('RGB')} does (alpha dropped, grey repeated), all
 *       of one size; for 3-channel networks. JPEG decoders differ in their last bit (IDCT, chroma
 *       upsampling), so a JPEG's pixels may differ from PIL's by a level or two.
 * </ul>
 *
 * An {@code .npz} is recognised by its {@code .npy} entries, a folder by its image entries;
 * directories and {@code __MACOSX/} entries are skipped.
 */
public final class ReferenceSources {

  /** The axis order of an {@code images} array. */
  public enum Layout {
    NCHW,
    NHWC
  }

  /** The file name endings of the images a zip may hold (compared in lower case). */
  private static final List<String> IMAGE_SUFFIXES = List.of(".png", ".jpg", ".jpeg");

  /**
   * The largest image width and height read (a zip's PNG/JPEG files and an {@code .npz}'s {@code
   * images} array alike), checked from a file's header before it is decoded.
   */
  public static final int MAX_SIDE = 2048;

  /** The most bytes an image file in a zip may declare: 64 MiB. */
  public static final long MAX_IMAGE_FILE = 64L << 20;

  /**
   * The most bytes of images one read step holds ({@link ReferenceSource.ImageSet#next} returns
   * fewer images than asked for when larger): 256 MiB.
   */
  static final long STEP_BYTES = 256L << 20;

  private ReferenceSources() {}

  /**
   * Opens the upload {@code file} (SHA-256 {@code sha256}) for {@code contract}; the caller closes
   * the source.
   *
   * @param layout the axis order of an {@code images} array, or empty to detect it
   * @throws InvalidRequestException on {@code file} or {@code layout} if the upload does not fit
   */
  public static ReferenceSource open(
      Path file, String sha256, Optional<Layout> layout, FeatureContract contract) {
    List<String> entries = entries(file);
    boolean npz = entries.stream().anyMatch(e -> e.endsWith(".npy"));
    List<String> images = entries.stream().filter(ReferenceSources::isImage).toList();
    if (npz) {
      return openNpz(file, sha256, layout, contract);
    }
    if (images.isEmpty()) {
      throw invalid(
          "file",
          "neither an .npz (no .npy entries) nor a zip of .png/.jpg images; the zip holds "
              + preview(entries));
    }
    List<String> others = entries.stream().filter(e -> !isImage(e)).toList();
    if (!others.isEmpty()) {
      throw invalid(
          "file",
          "a zip of images may hold only .png, .jpg and .jpeg files; it also holds "
              + preview(others));
    }
    if (layout.isPresent()) {
      throw invalid("layout", "applies to an .npz images array only, not to a zip of image files");
    }
    return ZipImages.open(file, "zip:" + sha256 + ":images", images, contract);
  }

  private static ReferenceSource openNpz(
      Path file, String sha256, Optional<Layout> layout, FeatureContract contract) {
    Npz.OnDisk npz = Npz.OnDisk.open(file);
    try {
      boolean images = npz.names().contains("images");
      boolean features = npz.names().contains("features");
      if (images == features) {
        throw invalid(
            "file",
            (images ? "holds both 'images' and 'features'" : "holds " + Npz.preview(npz.names()))
                + "; it needs exactly one of 'images' (uint8 N×C×H×W or N×H×W×C) and 'features'"
                + " (float32/float64 N×d)"
                + (npz.names().contains("mu")
                    ? "; import mu and sigma files with POST /api/references"
                    : ""));
      }
      if (features) {
        if (layout.isPresent()) {
          throw invalid("layout", "applies to an 'images' array only, not to 'features'");
        }
        return NpzFeatures.open(npz, "npz:" + sha256 + ":features", contract);
      }
      return NpzImages.open(npz, sha256, layout, contract);
    } catch (NpzException e) {
      release(npz);
      throw invalid("file", e.getMessage());
    } catch (RuntimeException e) {
      release(npz);
      throw e;
    }
  }

  /**
   * The names of the zip's file entries, in order, without directories and macOS metadata, once
   * every entry's declared sizes passed {@link ZipBounds#check} (before anything inflates).
   */
  private static List<String> entries(Path file) {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      ZipBounds.check(zip, Long.MAX_VALUE);
      return Collections.list(zip.entries()).stream()
          .filter(e -> !e.isDirectory() && !e.getName().startsWith("__MACOSX/"))
          .map(ZipEntry::getName)
          .toList();
    } catch (ZipException e) {
      throw invalid("file", "not an .npz or .zip file: " + e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isImage(String entry) {
    String lower = entry.toLowerCase(Locale.ROOT);
    return IMAGE_SUFFIXES.stream().anyMatch(lower::endsWith);
  }

  private static String preview(List<String> names) {
    return Npz.preview(names);
  }

  /** Checks an image's size before it is decoded or read, as a 400 on {@code file}. */
  static void checkSide(String what, int width, int height) {
    if (width > MAX_SIDE || height > MAX_SIDE || width < 1 || height < 1) {
      throw invalid(
          "file",
          what
              + " is "
              + width
              + "×"
              + height
              + " (W×H); images may be at most "
              + MAX_SIDE
              + "×"
              + MAX_SIDE);
    }
  }

  /** Images per read step: at most {@code max}, at most {@link #STEP_BYTES}, at least one. */
  static int perStep(int max, long bytesPerImage) {
    return (int) Math.max(1, Math.min(max, STEP_BYTES / Math.max(1, bytesPerImage)));
  }

  /** Checks uint8 images of one size against the contract, as a 400 on {@code file}. */
  static void checkImages(FeatureContract contract, int channels, int height, int width) {
    try {
      contract.check("uint8", channels, height, width);
    } catch (FeatureInputException e) {
      throw invalid("file", e.getMessage());
    }
  }

  /** Closes what was opened for an upload that is being refused; the refusal is what matters. */
  static void release(Closeable resource) {
    try {
      resource.close();
    } catch (IOException ignored) {
      // Only read from; nothing is lost.
    }
  }

  static InvalidRequestException invalid(String field, String message) {
    return new InvalidRequestException(List.of(new FieldError(field, message)));
  }
}
