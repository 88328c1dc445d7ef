package dev.guidelab.references;

import static dev.guidelab.references.ReferenceSources.checkImages;
import static dev.guidelab.references.ReferenceSources.invalid;
import static dev.guidelab.references.ReferenceSources.release;

import dev.guidelab.features.FeatureContract;
import dev.guidelab.features.Images;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipFile;
import javax.imageio.ImageIO;

/** A zip of PNG/JPEG files of one size, decoded to RGB one at a time. */
final class ZipImages implements ReferenceSource.ImageSet {

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
   * The image's pixels as {@code 0xRRGGBB}, row-major, as PIL's {@code convert('RGB')} gives them:
   * grey values repeated in R, G and B (scaled to 8 bits) rather than converted from a linear grey
   * colour space, which Java's {@code getRGB} would do; everything else through {@code getRGB}
   * (palettes resolved, alpha dropped).
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
