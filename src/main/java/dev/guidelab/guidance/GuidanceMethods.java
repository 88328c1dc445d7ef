package dev.guidelab.guidance;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.DatabindContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.jsontype.impl.TypeIdResolverBase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Every {@link GuidanceMethod}, found with {@link ServiceLoader} in the order of {@code
 * META-INF/services/dev.guidelab.guidance.GuidanceMethod}: adding a method is adding its class
 * there. Also the JSON type ids of {@link GuidanceParams}: a point's {@code method} names its
 * record type.
 */
public final class GuidanceMethods {

  private static final Map<String, GuidanceMethod> BY_NAME = load();

  private GuidanceMethods() {}

  private static Map<String, GuidanceMethod> load() {
    Map<String, GuidanceMethod> byName = new LinkedHashMap<>();
    for (GuidanceMethod m :
        ServiceLoader.load(GuidanceMethod.class, GuidanceMethod.class.getClassLoader())) {
      if (byName.putIfAbsent(m.name(), m) != null) {
        throw new IllegalStateException("two guidance methods are named " + m.name());
      }
    }
    if (byName.isEmpty()) {
      throw new IllegalStateException(
          "no guidance methods: META-INF/services/"
              + GuidanceMethod.class.getName()
              + " is missing");
    }
    return byName;
  }

  /** Every method, in documentation order. */
  public static List<GuidanceMethod> all() {
    return List.copyOf(BY_NAME.values());
  }

  /** Every method's name, in documentation order. */
  public static List<String> names() {
    return List.copyOf(BY_NAME.keySet());
  }

  /** The method named {@code name}, if there is one. */
  public static Optional<GuidanceMethod> named(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  /** The method of a point. */
  public static GuidanceMethod of(GuidanceParams point) {
    return named(point.method())
        .orElseThrow(() -> new IllegalStateException("no guidance method " + point.method()));
  }

  /** Jackson's view of the registry: {@code "method": "cfg"} ↔ {@code Cfg.Params}. */
  public static final class TypeIds extends TypeIdResolverBase {

    @Override
    public String idFromValue(Object value) {
      return ((GuidanceParams) value).method();
    }

    @Override
    public String idFromValueAndType(Object value, Class<?> suggestedType) {
      return idFromValue(value);
    }

    @Override
    public JavaType typeFromId(DatabindContext context, String id) {
      GuidanceMethod method = BY_NAME.get(id);
      return method == null ? null : context.constructType(method.pointType());
    }

    @Override
    public String getDescForKnownTypeIds() {
      return String.join(", ", BY_NAME.keySet());
    }

    @Override
    public JsonTypeInfo.Id getMechanism() {
      return JsonTypeInfo.Id.CUSTOM;
    }
  }
}
