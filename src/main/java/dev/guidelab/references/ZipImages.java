package dev.guidelab.references;

import static dev.guidelab.references.ReferenceSources.checkImages;
import static dev.guidelab.references.ReferenceSources.checkSide;
import static dev.guidelab.references.ReferenceSources.invalid;
import static dev.guidelab.references.ReferenceSources.release;

import dev.guidelab.api.BodyTooLargeException;
import dev.guidelab.api.Text;
import dev.guidelab.api.ZipBounds;
import dev.guidelab.features.FeatureContract;
import dev.guidelab.features.Images;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * A zip of PNG/JPEG files of one size, decoded to RGB one at a time, each only after its header
 * said it is of that size.
 */
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
      // The first image's header gives the size every image must have; nothing is decoded yet.
      Image first = read(zip, names.get(0), 0, 0, false);
      checkImages(contract, 3, first.height(), first.width());
      return new ZipImages(zip, source, names, first.height(), first.width());
    } catch (RuntimeException e) {
      release(zip);
      throw e;
    }
  }

  /** An image file's size from its header, and its pixels if they were decoded. */
  private record Image(int width, int height, BufferedImage pixels) {}

  /**
   * Entry {@code name}: its declared file size checked ({@link ReferenceSources#MAX_IMAGE_FILE}),
   * then its header read — width, height ({@link ReferenceSources#MAX_SIDE}, and {@code w × h}
   * unless that is 0) and channels (1 to 4) — and only when all fit, and {@code decode} asks for
   * it, its pixels decoded: an image file declaring 50,000 × 50,000 pixels is refused from its
   * first bytes, before any memory is taken for it.
   */
  private static Image read(ZipFile zip, String name, int w, int h, boolean decode) {
    ZipEntry entry = zip.getEntry(name);
    if (entry.getSize() > ReferenceSources.MAX_IMAGE_FILE) {
      throw invalid(
          "file",
          "entry "
              + Text.quote(name)
              + " declares "
              + entry.getSize()
              + " bytes; an image file may have at most "
              + BodyTooLargeException.bytes(ReferenceSources.MAX_IMAGE_FILE));
    }
    try (InputStream in = ZipBounds.open(zip, entry);
        ImageInputStream stream = new MemoryCacheImageInputStream(in)) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(stream);
      if (!readers.hasNext()) {
        throw invalid("file", "entry " + Text.quote(name) + " is not an image ImageIO can read");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(stream, true, true); // forward only, metadata ignored
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        checkSide("entry " + Text.quote(name), width, height);
        if (w > 0 && (width != w || height != h)) {
          throw invalid(
              "file",
              String.format(
                  Locale.ROOT,
                  "entry %s is %d×%d (W×H) but the first image is %d×%d; all images must have"
                      + " one size",
                  Text.quote(name),
                  width,
                  height,
                  w,
                  h));
        }
        int channels = channels(reader);
        if (channels < 1 || channels > 4) {
          throw invalid(
              "file",
              "entry "
                  + Text.quote(name)
                  + " has "
                  + channels
                  + " channels; grey, grey with alpha, RGB and RGBA images are read");
        }
        return new Image(width, height, decode ? reader.read(0) : null);
      } finally {
        reader.dispose();
      }
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      throw invalid("file", "entry " + Text.quote(name) + " does not decode: " + e.getMessage());
    }
  }

  /** The channels of the reader's image 0, from its header: its raw type's bands. */
  private static int channels(ImageReader reader) throws IOException {
    ImageTypeSpecifier type = reader.getRawImageType(0);
    if (type == null) {
      Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
      if (!types.hasNext()) {
        return 0;
      }
      type = types.next();
    }
    return type.getNumBands();
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
    int size = 3 * h * w;
    int m = Math.min(ReferenceSources.perStep(max, size), names.size() - read);
    if (m <= 0) {
      return null;
    }
    byte[] pixels = new byte[m * size];
    int[] argb = new int[h * w];
    for (int i = 0; i < m; i++) {
      BufferedImage image = read(zip, names.get(read + i), w, h, true).pixels();
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
