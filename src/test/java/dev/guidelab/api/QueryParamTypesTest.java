package dev.guidelab.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaParameter;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.ws.rs.QueryParam;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every query parameter of every resource is taken as a {@code String} and read with {@link
 * QueryParams}: JAX-RS answers an unparseable {@code int} parameter with a 404 naming nothing.
 */
class QueryParamTypesTest {

  @Test
  void everyQueryParameterIsTakenAsText() {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.guidelab");
    List<String> typed = new ArrayList<>();
    int seen = 0;
    for (var javaClass : classes) {
      for (JavaMethod method : javaClass.getMethods()) {
        for (JavaParameter parameter : method.getParameters()) {
          if (parameter.isAnnotatedWith(QueryParam.class)) {
            seen++;
            if (!parameter.getRawType().isEquivalentTo(String.class)) {
              typed.add(method.getFullName() + " " + parameter.getRawType().getName());
            }
          }
        }
      }
    }
    assertTrue(seen > 20, "found only " + seen + " query parameters");
    assertEquals(List.of(), typed);
  }
}
