package dev.guidelab.references;

import dev.guidelab.api.Text;
import dev.guidelab.api.ZipBounds;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * A reader for numpy {@code .npz} files ({@code np.savez}, {@code np.savez_compressed}): a zip of
 * {@code <name>.npy} entries. Each {@code .npy} is the magic {@code \x93NUMPY}, a version byte pair
 * (1.0, 2.0 or 3.0), a little-endian header length (2 bytes for version 1, 4 otherwise), a Python
 * dict literal {@code {'descr': '<f8', 'fortran_order': False, 'shape': (d, d), }}, then the data
 * (numpy's NEP 1 format). Only C-order little-endian float64 ({@code <f8}), float32 ({@code <f4})
 * and uint8 ({@code |u1}) are read; anything else is refused by name.
 *
 * <p>Two ways in: {@link #read(byte[])} holds a small file's float arrays in memory, widened to
 * double — what pytorch-fid and clean-fid write for μ and Σ; {@link OnDisk} streams one array of a
 * file on disk a chunk at a time — images and feature sets larger than the heap.
 *
 * <p>This class is the container, the zip of {@code .npy} entries; {@link NpyHeader} parses an
 * entry's header and {@link NpyValues} streams its data.
 */
public final class Npz {

  /** One array: its name, shape and values in C (row-major) order. */
  public record Array(String name, int[] shape, double[] data) {

    /** The number of dimensions. */
    public int rank() {
      return shape.length;
    }

    @Override
    public String toString() {
      return name + Arrays.toString(shape);
    }
  }

  private final Map<String, Array> arrays;

  private Npz(Map<String, Array> arrays) {
    this.arrays = arrays;
  }

  /**
   * The most values {@link #read} holds, over all arrays: μ and Σ of d = 4096 (16,781,312) fit; as
   * doubles, 136 MB.
   */
  public static final long MAX_VALUES = 17_000_000;

  /**
   * Reads every array of an {@code .npz} file, streaming each entry: a header is read before its
   * data, and data is read only when its shape fits {@link #MAX_VALUES} and the file's inflation
   * budget ({@link ZipBounds#MAX_RATIO} times the file's size, at least {@link
   * ZipBounds#RATIO_FREE}); every entry is cut off there, so an entry that inflates to more than
   * its shape needs, or a zip bomb, is refused after at most that many bytes.
   *
   * @throws NpzException if the bytes are not a zip of readable {@code .npy} arrays within bounds
   */
  public static Npz read(byte[] file) {
    Map<String, Array> arrays = new LinkedHashMap<>();
    long budget = Math.max(ZipBounds.RATIO_FREE, (long) ZipBounds.MAX_RATIO * file.length);
    long values = 0;
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(file))) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        if (entry.isDirectory()) {
          continue;
        }
        String name = entry.getName();
        if (name.endsWith(".npy")) {
          name = name.substring(0, name.length() - 4);
        }
        CountingStream in = new CountingStream(ZipBounds.limit(zip, entry.getName(), budget));
        Array array = readNpy(name, in, MAX_VALUES - values, budget);
        budget -= in.count;
        values += array.data().length;
        arrays.put(name, array);
      }
    } catch (ZipException e) {
      throw new NpzException(null, "not an .npz (zip) file: " + e.getMessage());
    } catch (IOException e) {
      throw new NpzException(null, "cannot read the .npz file: " + e.getMessage());
    }
    if (arrays.isEmpty()) {
      throw new NpzException(
          null, "not an .npz file: no arrays found (is it a zip of .npy files?)");
    }
    return new Npz(arrays);
  }

  /** Parses one {@code .npy} file (NEP 1, versions 1–3) of floats, widened to double. */
  static Array readNpy(String name, byte[] npy) {
    return readNpy(name, new ByteArrayInputStream(npy), MAX_VALUES, npy.length);
  }

  /**
   * Parses one {@code .npy} entry of floats from {@code in}, widened to double, reading its data in
   * chunks only after its shape was checked: at most {@code maxValues} values in at most {@code
   * maxBytes} bytes, and as many bytes as the shape needs, then the entry must end.
   */
  private static Array readNpy(String name, InputStream in, long maxValues, long maxBytes) {
    NpyHeader header = NpyHeader.read(name, in);
    if (!header.isFloat()) {
      throw new NpzException(
          name, "unsupported dtype '" + header.descr() + "'; allowed: " + NpyHeader.FLOATS);
    }
    long count = header.count();
    if (count > maxValues) {
      throw new NpzException(
          name,
          "shape "
              + header.shapeText()
              + " has "
              + count
              + " values; this upload may hold at most "
              + maxValues
              + " more (μ and Σ of d ≤ 4096)");
    }
    if (count * header.width() > maxBytes) {
      throw new NpzException(
          name,
          "shape "
              + header.shapeText()
              + " needs "
              + count * header.width()
              + " bytes of data, more than the file may inflate to ("
              + ZipBounds.MAX_RATIO
              + "× its size; a zip bomb?)");
    }
    // Data: C order, little-endian, a chunk at a time.
    double[] data = new double[(int) count];
    int width = header.width();
    long needed = count * width;
    byte[] chunk = new byte[(int) Math.min(needed, (long) CHUNK * width)];
    long got = 0;
    try {
      for (int done = 0; done < count; ) {
        int m = (int) Math.min(CHUNK, count - done);
        int n = in.readNBytes(chunk, 0, m * width);
        got += n;
        if (n < m * width) {
          throw new NpzException(
              name,
              "shape "
                  + Arrays.toString(header.shape())
                  + " needs "
                  + needed
                  + " bytes of data, the file has "
                  + got);
        }
        NpyValues.decode(
            ByteBuffer.wrap(chunk, 0, n).order(ByteOrder.LITTLE_ENDIAN), width, data, done, m);
        done += m;
      }
      if (in.read() >= 0) {
        throw new NpzException(
            name,
            "shape "
                + Arrays.toString(header.shape())
                + " needs "
                + needed
                + " bytes of data, the file has more");
      }
    } catch (IOException e) {
      throw new NpzException(name, "cannot read the data: " + e.getMessage());
    }
    return new Array(name, header.shape(), data);
  }

  /**
   * Names as a message lists them: {@code [a, b]}, each shortened ({@link Text#echo}), the first
   * five and how many more.
   */
  static String preview(Collection<String> names) {
    List<String> shown = names.stream().limit(5).map(Text::echo).toList();
    return shown + (names.size() > 5 ? " and " + (names.size() - 5) + " more" : "");
  }

  /** Values decoded per chunk. */
  private static final int CHUNK = 1 << 16;

  /** Counts the bytes read through it. */
  private static final class CountingStream extends FilterInputStream {
    private long count;

    CountingStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public void close() {
      // The zip stream goes on to the next entry.
    }
  }

  /** The array called {@code name}. @throws NpzException if there is none */
  public Array array(String name) {
    Array a = arrays.get(name);
    if (a == null) {
      throw new NpzException(name, "missing; the file holds " + preview(arrays.keySet()));
    }
    return a;
  }

  /** Every array, in file order. */
  public Map<String, Array> arrays() {
    return Map.copyOf(arrays);
  }

  /**
   * An {@code .npz} file on disk, read lazily: the array names from the zip's directory, then one
   * array at a time as {@link NpyValues}. Entries may be stored or deflated, zip64 or not.
   */
  public static final class OnDisk implements Closeable {

    private final ZipFile zip;

    private OnDisk(ZipFile zip) {
      this.zip = zip;
    }

    /**
     * Opens {@code file}.
     *
     * @throws NpzException if it is not a zip file
     */
    public static OnDisk open(Path file) {
      try {
        return new OnDisk(new ZipFile(file.toFile()));
      } catch (ZipException e) {
        throw new NpzException(null, "not an .npz (zip) file: " + e.getMessage());
      } catch (IOException e) {
        throw new NpzException(null, "cannot read the .npz file: " + e.getMessage());
      }
    }

    /** The names of the arrays ({@code .npy} entries without the suffix), in file order. */
    public Set<String> names() {
      Set<String> names = new LinkedHashSet<>();
      for (ZipEntry entry : Collections.list(zip.entries())) {
        if (entry.getName().endsWith(".npy")) {
          names.add(entry.getName().substring(0, entry.getName().length() - 4));
        }
      }
      return names;
    }

    /**
     * Array {@code name}, its header read and its values ready to stream; the caller closes it.
     *
     * @throws NpzException if there is no such array or its header is not readable
     */
    public NpyValues values(String name) {
      ZipEntry entry = zip.getEntry(name + ".npy");
      if (entry == null) {
        throw new NpzException(name, "missing; the file holds " + preview(names()));
      }
      try {
        InputStream in = ZipBounds.open(zip, entry);
        try {
          return new NpyValues(NpyHeader.read(name, in), in);
        } catch (NpzException e) {
          in.close();
          throw e;
        }
      } catch (IOException e) {
        throw new NpzException(name, "cannot read the entry: " + e.getMessage());
      }
    }

    @Override
    public void close() throws IOException {
      zip.close();
    }
  }
}
