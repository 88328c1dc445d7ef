package dev.guidelab.engine;

/**
 * A point fails for a reason no retry changes (its input: an image of another size in an upload, a
 * file that is not what it claims): the engine fails it at once with this message, which says what
 * was wrong, instead of spending its other attempts.
 */
public class PointFailure extends RuntimeException {

  public PointFailure(String message) {
    super(message);
  }

  public PointFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
