package dev.guidelab.references;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
   * Reads every array of an {@code .npz} file.
   *
   * @throws NpzException if the bytes are not a zip of readable {@code .npy} arrays
   */
  public static Npz read(byte[] file) {
    Map<String, Array> arrays = new LinkedHashMap<>();
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(file))) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        if (entry.isDirectory()) {
          continue;
        }
        String name = entry.getName();
        if (name.endsWith(".npy")) {
          name = name.substring(0, name.length() - 4);
        }
        arrays.put(name, readNpy(name, zip.readAllBytes()));
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
    ByteArrayInputStream in = new ByteArrayInputStream(npy);
    NpyHeader header = NpyHeader.read(name, in);
    if (!header.isFloat()) {
      throw new NpzException(
          name, "unsupported dtype '" + header.descr() + "'; allowed: " + NpyHeader.FLOATS);
    }
    // Data: C order, little-endian.
    long count = header.count();
    int available = in.available();
    if (count > Integer.MAX_VALUE || available != count * header.width()) {
      throw new NpzException(
          name,
          "shape "
              + Arrays.toString(header.shape())
              + " needs "
              + count * header.width()
              + " bytes of data, the file has "
              + available);
    }
    ByteBuffer buf = ByteBuffer.wrap(npy, npy.length - available, available);
    double[] data = new double[(int) count];
    NpyValues.decode(buf.order(ByteOrder.LITTLE_ENDIAN), header.width(), data, 0, data.length);
    return new Array(name, header.shape(), data);
  }

  /** The array called {@code name}. @throws NpzException if there is none */
  public Array array(String name) {
    Array a = arrays.get(name);
    if (a == null) {
      throw new NpzException(name, "missing; the file holds " + arrays.keySet());
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
        throw new NpzException(name, "missing; the file holds " + names());
      }
      try {
        InputStream in = zip.getInputStream(entry);
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
