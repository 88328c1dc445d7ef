package dev.guidelab.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The exports' CSV fields as RFC 4180 writes them. */
class CsvFieldTest {

  @Test
  void fieldsWithACommaQuoteOrLineBreakAreQuotedWithQuotesDoubled() {
    assertEquals("cfg w=2", ExperimentExports.csvField("cfg w=2"));
    assertEquals(
        "\"interval[0.28,1.61] cfg w=2\"",
        ExperimentExports.csvField("interval[0.28,1.61] cfg w=2"));
    assertEquals("\"say \"\"hi\"\"\"", ExperimentExports.csvField("say \"hi\""));
    assertEquals("\"two\r\nlines\"", ExperimentExports.csvField("two\r\nlines"));
    assertEquals("\"a\nb\"", ExperimentExports.csvField("a\nb"));
    assertEquals("", ExperimentExports.csvField(null));
    assertEquals("", ExperimentExports.csvField(""));
  }
}
