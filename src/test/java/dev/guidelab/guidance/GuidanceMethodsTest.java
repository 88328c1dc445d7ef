package dev.guidelab.guidance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guidelab.guidance.GuidanceMethod.Role;
import dev.guidelab.guidance.methods.Cfg;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The registry of guidance methods: what each method declares is complete and consistent. */
class GuidanceMethodsTest {

  @Test
  void everyMethodIsFoundInDocumentationOrder() {
    assertEquals(
        List.of("none", "cfg", "autoguidance", "interval", "apg", "icg", "tsg", "cads", "blend"),
        GuidanceMethods.names());
  }

  @Test
  void namesAndFieldsAreUniqueAndParametersWellDeclared() {
    Set<String> names = new HashSet<>();
    for (GuidanceMethod m : GuidanceMethods.all()) {
      assertTrue(names.add(m.name()), m.name());
      assertFalse(m.title().isBlank(), m.name());
      assertEquals(m.fields().size(), Set.copyOf(m.fields()).size(), m.name());
      for (Param p : m.params()) {
        assertEquals(
            p.presence() == Param.Presence.DEFAULTED,
            p.fallback() != null,
            m.name() + "." + p.name());
        assertEquals(p.kind() == Param.Kind.CHOICE, p.choices() != null, p.name());
        assertEquals(p.kind() == Param.Kind.MODEL, p.guide() != null, p.name());
        if (p.kind() != Param.Kind.NUMBER) {
          assertEquals(Param.Range.ANY, p.range(), p.name());
        }
      }
      for (GuidanceMethod.Order order : m.orders()) {
        assertTrue(m.fields().contains(order.lo()) && m.fields().contains(order.hi()), m.name());
      }
      assertEquals(m.role() == Role.WRAPPER, GuidanceMethods.all().stream().anyMatch(m::wraps));
    }
  }

  /**
   * Every method builds a point from its declared parameters (defaults, or a value of the kind),
   * named after it, with the weight where it has one, whose JSON reads back as the same record.
   */
  @Test
  void everyMethodBuildsPointsFromItsDeclaredParameters() throws Exception {
    ObjectMapper json = new ObjectMapper();
    GuidanceParams inner = new Cfg.Params("g", 2);
    for (GuidanceMethod m : GuidanceMethods.all()) {
      Map<String, Object> values = new HashMap<>();
      for (Param p : m.params()) {
        values.put(p.name(), example(p));
      }
      if (m.name().equals("interval")) { // keyed by σ: the step keying stays absent
        values.remove("stepFrom");
        values.remove("stepTo");
        values.put("sigmaHi", 2.0);
      }
      Double w = m.role() == Role.WEIGHTED ? 3.0 : null;
      GuidanceParams point =
          m.point(new Values(values), m.role() == Role.WRAPPER ? inner : null, w);
      assertInstanceOf(m.pointType(), point, m.name());
      assertEquals(m.name(), point.method());
      assertEquals(m, GuidanceMethods.of(point));
      assertTrue(point.label().startsWith(m.name()), point.label());
      if (m.role() == Role.PLAIN) {
        assertNull(point.guidanceWeight());
      } else {
        assertEquals(m.role() == Role.WRAPPER ? 2.0 : 3.0, point.guidanceWeight(), m.name());
      }
      assertEquals(point, json.readValue(json.writeValueAsString(point), GuidanceParams.class));
      assertNotNull(
          point.denoiser(new TestNets.Conditional(0.6), id -> new TestNets.Conditional(0.3)));
    }
  }

  private static Object example(Param p) {
    return switch (p.kind()) {
      case MODEL -> "model";
      case NUMBER -> p.fallback() != null ? p.fallback() : 0.5;
      case STEP -> 1;
      case CHOICE -> p.fallback();
      case BOOLEAN -> p.fallback();
    };
  }
}
