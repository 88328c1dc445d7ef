package dev.guidelab.references;

import dev.guidelab.api.FieldError;
import dev.guidelab.api.InvalidRequestException;
import dev.guidelab.features.FeatureContract;
import dev.guidelab.features.FeatureInputException;
import dev.guidelab.features.Images;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
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
            (images ? "holds both 'images' and 'features'" : "holds " + npz.names())
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

  /** The names of the zip's file entries, in order, without directories and macOS metadata. */
  private static List<String> entries(Path file) {
    try (ZipFile zip = new ZipFile(file.toFile())) {
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
    return names.size() <= 5
        ? names.toString()
        : names.subList(0, 5) + " and " + (names.size() - 5) + " more";
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
  private static void release(Closeable resource) {
    try {
      resource.close();
    } catch (IOException ignored) {
      // Only read from; nothing is lost.
    }
  }

  static InvalidRequestException invalid(String field, String message) {
    return new InvalidRequestException(List.of(new FieldError(field, message)));
  }

  /** An {@code images} array, uint8, NCHW or NHWC, read a batch at a time. */
  private static final class NpzImages implements ReferenceSource.ImageSet {

    private final Npz.OnDisk npz;
    private final NpyValues values;
    private final String source;
    private final Layout layout;
    private final int n;
    private final int c;
    private final int h;
    private final int w;
    private int read;

    private NpzImages(Npz.OnDisk npz, NpyValues values, String source, Layout layout, int[] nchw) {
      this.npz = npz;
      this.values = values;
      this.source = source;
      this.layout = layout;
      this.n = nchw[0];
      this.c = nchw[1];
      this.h = nchw[2];
      this.w = nchw[3];
    }

    static NpzImages open(
        Npz.OnDisk npz, String sha256, Optional<Layout> layout, FeatureContract contract) {
      NpyValues values = npz.values("images");
      NpyHeader header = values.header();
      try {
        if (!header.isUint8() || header.rank() != 4) {
          throw invalid(
              "file",
              "array 'images' must be uint8 of rank 4, (N, C, H, W) or (N, H, W, C); got "
                  + header);
        }
        int[] s = header.shape();
        int channels = contract.channels();
        Layout chosen = layout.orElseGet(() -> detect(header, channels));
        int[] nchw =
            chosen == Layout.NCHW
                ? new int[] {s[0], s[1], s[2], s[3]}
                : new int[] {s[0], s[3], s[1], s[2]};
        if (nchw[1] != channels) {
          throw invalid(
              "file",
              "array 'images' of shape "
                  + header.shapeText()
                  + " read as "
                  + chosen
                  + " has "
                  + nchw[1]
                  + " channels; feature network "
                  + contract.name()
                  + " takes "
                  + channels);
        }
        checkImages(contract, nchw[1], nchw[2], nchw[3]);
        String source = "npz:" + sha256 + ":images:" + chosen.name().toLowerCase(Locale.ROOT);
        return new NpzImages(npz, values, source, chosen, nchw);
      } catch (RuntimeException e) {
        release(values);
        throw e;
      }
    }

    /** The layout whose channel axis holds C; refused when both or neither do. */
    private static Layout detect(NpyHeader header, int channels) {
      int[] s = header.shape();
      boolean nchw = s[1] == channels;
      boolean nhwc = s[3] == channels;
      if (nchw && nhwc) {
        throw invalid(
            "layout",
            "array 'images' of shape "
                + header.shapeText()
                + " has "
                + channels
                + " in both channel positions; say layout=nchw or layout=nhwc");
      }
      if (!nchw && !nhwc) {
        throw invalid(
            "file",
            "array 'images' of shape "
                + header.shapeText()
                + " has no axis of "
                + channels
                + " channels (the feature network's) at position 1 (N, C, H, W) or 3 (N, H, W,"
                + " C)");
      }
      return nchw ? Layout.NCHW : Layout.NHWC;
    }

    @Override
    public int count() {
      return n;
    }

    @Override
    public String source() {
      return source;
    }

    @Override
    public Images.Uint8 next(int max) {
      int m = Math.min(max, n - read);
      if (m <= 0) {
        return null;
      }
      int size = c * h * w;
      byte[] raw = new byte[m * size];
      values.readUint8(raw, 0, raw.length);
      read += m;
      if (layout == Layout.NCHW) {
        return new Images.Uint8(m, c, h, w, raw);
      }
      // [m, H, W, C] → [m, C, H, W].
      byte[] nchw = new byte[raw.length];
      for (int i = 0; i < m; i++) {
        int base = i * size;
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            for (int ch = 0; ch < c; ch++) {
              nchw[base + (ch * h + y) * w + x] = raw[base + (y * w + x) * c + ch];
            }
          }
        }
      }
      return new Images.Uint8(m, c, h, w, nchw);
    }

    @Override
    public void close() throws IOException {
      values.close();
      npz.close();
    }
  }

  /** A {@code features} array, float32 or float64, read a batch at a time and checked finite. */
  private static final class NpzFeatures implements ReferenceSource.FeatureSet {

    private final Npz.OnDisk npz;
    private final NpyValues values;
    private final String source;
    private final int n;
    private final int d;
    private int read;

    private NpzFeatures(Npz.OnDisk npz, NpyValues values, String source, int n, int d) {
      this.npz = npz;
      this.values = values;
      this.source = source;
      this.n = n;
      this.d = d;
    }

    static NpzFeatures open(Npz.OnDisk npz, String source, FeatureContract contract) {
      NpyValues values = npz.values("features");
      NpyHeader header = values.header();
      if (!header.isFloat() || header.rank() != 2 || header.shape()[1] != contract.dim()) {
        release(values);
        throw invalid(
            "file",
            "array 'features' must be float32 or float64 of shape (N, "
                + contract.dim()
                + "), the dimension of feature network "
                + contract.name()
                + "; got "
                + header);
      }
      return new NpzFeatures(npz, values, source, header.shape()[0], header.shape()[1]);
    }

    @Override
    public int count() {
      return n;
    }

    @Override
    public int dim() {
      return d;
    }

    @Override
    public String source() {
      return source;
    }

    @Override
    public double[] next(int max) {
      int m = Math.min(max, n - read);
      if (m <= 0) {
        return null;
      }
      double[] x = new double[m * d];
      values.readDoubles(x, 0, x.length);
      for (int i = 0; i < x.length; i++) {
        if (!Double.isFinite(x[i])) {
          throw invalid(
              "file",
              "array 'features' must be finite; row "
                  + (read + i / d)
                  + ", column "
                  + i % d
                  + " is "
                  + x[i]);
        }
      }
      read += m;
      return x;
    }

    @Override
    public void close() throws IOException {
      values.close();
      npz.close();
    }
  }

  /** A zip of PNG/JPEG files of one size, decoded to RGB one at a time. */
  private static final class ZipImages implements ReferenceSource.ImageSet {

    private final ZipFile zip;
    private final String source;
    private final List<String> names;
    private final int h;
    private final int w;
    private int read;

    private ZipImages(ZipFile zip, String source, List<String> names, int h, int w) {
      this.zip = zip;
      this.source = source;
      this.names = names;
      this.h = h;
      this.w = w;
    }

    static ZipImages open(Path file, String source, List<String> names, FeatureContract contract) {
      if (contract.channels() != 3) {
        throw invalid(
            "file",
            "a zip of image files is read as RGB, but feature network "
                + contract.name()
                + " takes "
                + contract.channels()
                + " channels; upload an .npz 'images' array instead");
      }
      ZipFile zip;
      try {
        zip = new ZipFile(file.toFile());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      try {
        BufferedImage first = decode(zip, names.get(0));
        checkImages(contract, 3, first.getHeight(), first.getWidth());
        return new ZipImages(zip, source, names, first.getHeight(), first.getWidth());
      } catch (RuntimeException e) {
        release(zip);
        throw e;
      }
    }

    private static BufferedImage decode(ZipFile zip, String name) {
      try (InputStream in = zip.getInputStream(zip.getEntry(name))) {
        BufferedImage image = ImageIO.read(in);
        if (image == null) {
          throw invalid("file", "entry '" + name + "' is not an image ImageIO can read");
        }
        return image;
      } catch (IOException e) {
        throw invalid("file", "entry '" + name + "' does not decode: " + e.getMessage());
      }
    }

    @Override
    public int count() {
      return names.size();
    }

    @Override
    public String source() {
      return source;
    }

    @Override
    public Images.Uint8 next(int max) {
      int m = Math.min(max, names.size() - read);
      if (m <= 0) {
        return null;
      }
      int size = 3 * h * w;
      byte[] pixels = new byte[m * size];
      int[] argb = new int[h * w];
      for (int i = 0; i < m; i++) {
        String name = names.get(read + i);
        BufferedImage image = decode(zip, name);
        if (image.getHeight() != h || image.getWidth() != w) {
          throw invalid(
              "file",
              String.format(
                  Locale.ROOT,
                  "entry '%s' is %d×%d (W×H) but the first image is %d×%d; all images must have"
                      + " one size",
                  name,
                  image.getWidth(),
                  image.getHeight(),
                  w,
                  h));
        }
        rgb(image, argb);
        int base = i * size;
        for (int p = 0; p < argb.length; p++) {
          pixels[base + p] = (byte) (argb[p] >> 16);
          pixels[base + h * w + p] = (byte) (argb[p] >> 8);
          pixels[base + 2 * h * w + p] = (byte) argb[p];
        }
      }
      read += m;
      return new Images.Uint8(m, 3, h, w, pixels);
    }

    /**
     * The image's pixels as {@code 0xRRGGBB}, row-major, as PIL's {@code convert('RGB')} gives
     * them: grey values repeated in R, G and B (scaled to 8 bits) rather than converted from a
     * linear grey colour space, which Java's {@code getRGB} would do; everything else through
     * {@code getRGB} (palettes resolved, alpha dropped).
     */
    private static void rgb(BufferedImage image, int[] out) {
      int w = image.getWidth();
      int h = image.getHeight();
      if (image.getColorModel().getColorSpace().getType() != ColorSpace.TYPE_GRAY) {
        image.getRGB(0, 0, w, h, out, 0, w);
        return;
      }
      int shift = image.getColorModel().getComponentSize(0) - 8;
      int[] grey = image.getRaster().getSamples(0, 0, w, h, 0, (int[]) null);
      for (int p = 0; p < out.length; p++) {
        int v = shift > 0 ? grey[p] >> shift : grey[p];
        out[p] = v << 16 | v << 8 | v;
      }
    }

    @Override
    public void close() throws IOException {
      zip.close();
    }
  }
}
