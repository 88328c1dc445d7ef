package dev.guidelab.references;

/** An {@code .npz} file, or one array in it, cannot be read; {@link #array()} names the array. */
public final class NpzException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String array;

  public NpzException(String array, String message) {
    super(array == null ? message : "array '" + array + "': " + message);
    this.array = array;
  }

  /** The offending array, or {@code null} when the file as a whole is at fault. */
  public String array() {
    return array;
  }
}
