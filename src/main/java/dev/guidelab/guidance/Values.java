package dev.guidelab.guidance;

import java.util.Map;

/**
 * One value of every parameter of a sweep entry's level, as {@link Param}s declare them; an absent
 * optional parameter has none ({@code null}).
 */
public record Values(Map<String, Object> values) {

  /** A model id or choice. */
  public String text(String name) {
    return (String) values.get(name);
  }

  public Double number(String name) {
    return (Double) values.get(name);
  }

  public Integer step(String name) {
    return (Integer) values.get(name);
  }

  public Boolean flag(String name) {
    return (Boolean) values.get(name);
  }
}
