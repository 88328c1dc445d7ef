package dev.guidelab.features;

/**
 * Images that do not fit a feature network's {@link FeatureContract}: names the field ({@code
 * images.dtype}, {@code images.channels}, {@code images.height}, {@code images.width}, or {@code
 * network output}), what the contract expects and what was given.
 */
public final class FeatureInputException extends IllegalArgumentException {

  private final String field;
  private final String expected;
  private final String got;

  FeatureInputException(String network, String field, String expected, String got) {
    super(
        "feature network '" + network + "': " + field + ": expected " + expected + ", got " + got);
    this.field = field;
    this.expected = expected;
    this.got = got;
  }

  public String field() {
    return field;
  }

  public String expected() {
    return expected;
  }

  public String got() {
    return got;
  }
}
