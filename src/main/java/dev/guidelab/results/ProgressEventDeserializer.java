package dev.guidelab.results;

import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;

/** Reads {@link ProgressEvent}s from JSON, choosing the record by its {@code type}. */
public class ProgressEventDeserializer extends ObjectMapperDeserializer<ProgressEvent> {

  public ProgressEventDeserializer() {
    super(ProgressEvent.class);
  }
}
