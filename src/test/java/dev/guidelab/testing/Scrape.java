package dev.guidelab.testing;

import static io.restassured.RestAssured.given;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of {@code /q/metrics} in Prometheus's text format, read as a monitoring system reads
 * it: series by name and labels.
 */
public final class Scrape {

  /** One sample line: {@code name{label="value",...} value}. */
  public record Series(String name, Map<String, String> labels, double value) {}

  private static final Pattern LINE =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+\\d+)?");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private final List<Series> series;

  private Scrape(List<Series> series) {
    this.series = series;
  }

  /** Scrapes the application under test, expecting 200 and the text format. */
  public static Scrape now() {
    String text =
        given().accept("text/plain").get("/q/metrics").then().statusCode(200).extract().asString();
    return parse(text);
  }

  /** Reads Prometheus's text exposition format; comments and blank lines are skipped. */
  public static Scrape parse(String text) {
    List<Series> series = new ArrayList<>();
    for (String line : (Iterable<String>) text.lines()::iterator) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher m = LINE.matcher(line.strip());
      if (!m.matches()) {
        throw new AssertionError("not a Prometheus sample line: " + line);
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(2) != null) {
        Matcher l = LABEL.matcher(m.group(2));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      series.add(new Series(m.group(1), labels, number(m.group(3))));
    }
    return new Scrape(series);
  }

  private static double number(String text) {
    return switch (text) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(text);
    };
  }

  /** The series called {@code name} whose labels include {@code labels} (name, value, ...). */
  public List<Series> series(String name, String... labels) {
    List<Series> found = new ArrayList<>();
    for (Series s : series) {
      if (s.name().equals(name) && matches(s.labels(), labels)) {
        found.add(s);
      }
    }
    return found;
  }

  /** The sum of {@link #series}' values; 0 when there are none. */
  public double sum(String name, String... labels) {
    return series(name, labels).stream().mapToDouble(Series::value).sum();
  }

  /** Whether any series is called {@code name}. */
  public boolean has(String name) {
    return series.stream().anyMatch(s -> s.name().equals(name));
  }

  /** Every series. */
  public List<Series> all() {
    return List.copyOf(series);
  }

  private static boolean matches(Map<String, String> have, String... want) {
    for (int i = 0; i + 1 < want.length; i += 2) {
      if (!want[i + 1].equals(have.get(want[i]))) {
        return false;
      }
    }
    return true;
  }
}
