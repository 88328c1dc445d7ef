package dev.guidelab.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import dev.guidelab.results.ProgressEvent;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's typed client ({@code src-ui/src/api/types.ts}) declares, above each interface,
 * the Java record it mirrors ({@code @record}). This test reads the file and fails when a record's
 * components and its interface's properties differ, so the two cannot drift apart silently.
 */
class UiTypesMirrorJavaRecordsTest {

  private static final Path TYPES = Path.of("src-ui/src/api/types.ts");

  private static final Pattern INTERFACE =
      Pattern.compile(
          "(?:/\\*\\* @record ([\\w.$]+) \\*/\\s*)?(?:export )?interface (\\w+)(?:<[^>]+>)?"
              + "(?: extends (\\w+))? \\{([^}]*)}");

  private static final Pattern PROPERTY = Pattern.compile("(?m)^\\s*(\\w+)\\??:");

  private static final Pattern TYPE_LITERAL = Pattern.compile("(?m)^\\s*type: '(\\w+)';");

  /** A TypeScript interface: the record it mirrors (or null), its base, properties, body. */
  private record Declared(String record, String base, Set<String> properties, String body) {}

  private static Map<String, Declared> interfaces() throws IOException {
    Map<String, Declared> declared = new HashMap<>();
    Matcher m = INTERFACE.matcher(Files.readString(TYPES));
    while (m.find()) {
      Set<String> properties = new LinkedHashSet<>();
      Matcher p = PROPERTY.matcher(m.group(4));
      while (p.find()) {
        properties.add(p.group(1));
      }
      declared.put(m.group(2), new Declared(m.group(1), m.group(3), properties, m.group(4)));
    }
    return declared;
  }

  private static Set<String> allProperties(Map<String, Declared> all, Declared d) {
    Set<String> properties = new TreeSet<>(d.properties());
    if (d.base() != null) {
      properties.addAll(allProperties(all, all.get(d.base())));
    }
    return properties;
  }

  @Test
  void everyTaggedInterfaceHasTheComponentsOfItsRecord() throws Exception {
    Map<String, Declared> all = interfaces();
    int checked = 0;
    for (Map.Entry<String, Declared> entry : all.entrySet()) {
      Declared d = entry.getValue();
      if (d.record() == null) {
        continue;
      }
      Class<?> type = Class.forName(d.record());
      assertTrue(type.isRecord(), d.record() + " is not a record");
      Set<String> components =
          Arrays.stream(type.getRecordComponents())
              .map(RecordComponent::getName)
              .collect(Collectors.toCollection(TreeSet::new));
      if (ProgressEvent.class.isAssignableFrom(type)) {
        components.add("type"); // the JSON discriminator, the SSE event name
      }
      assertEquals(components, allProperties(all, d), entry.getKey() + " mirrors " + d.record());
      checked++;
    }
    assertTrue(checked >= 20, "only " + checked + " interfaces are tagged with their record");
  }

  @Test
  void everyProgressEventHasAnInterfaceWithItsEventName() throws Exception {
    Map<String, String> nameByRecord = new HashMap<>();
    for (Declared d : interfaces().values()) {
      Matcher literal = TYPE_LITERAL.matcher(d.body());
      if (d.record() != null && literal.find()) {
        nameByRecord.put(d.record(), literal.group(1));
      }
    }
    for (JsonSubTypes.Type subtype :
        ProgressEvent.class.getAnnotation(JsonSubTypes.class).value()) {
      assertEquals(
          subtype.name(),
          nameByRecord.get(subtype.value().getName()),
          "event interface of " + subtype.value().getName());
    }
  }
}
