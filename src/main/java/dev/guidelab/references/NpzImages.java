package dev.guidelab.references;

import static dev.guidelab.references.ReferenceSources.checkImages;
import static dev.guidelab.references.ReferenceSources.checkSide;
import static dev.guidelab.references.ReferenceSources.invalid;
import static dev.guidelab.references.ReferenceSources.release;

import dev.guidelab.features.FeatureContract;
import dev.guidelab.features.Images;
import dev.guidelab.references.ReferenceSources.Layout;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

/** An {@code images} array, uint8, NCHW or NHWC, read a batch at a time. */
final class NpzImages implements ReferenceSource.ImageSet {

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
            "array 'images' must be uint8 of rank 4, (N, C, H, W) or (N, H, W, C); got " + header);
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
      checkSide(
          "array 'images' of shape " + header.shapeText() + " read as " + chosen, nchw[3], nchw[2]);
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
    int size = c * h * w;
    int m = Math.min(ReferenceSources.perStep(max, size), n - read);
    if (m <= 0) {
      return null;
    }
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
