package dev.guidelab.queue;

import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;

/** Reads {@link PointWork} messages from JSON. */
public class PointWorkDeserializer extends ObjectMapperDeserializer<PointWork> {

  public PointWorkDeserializer() {
    super(PointWork.class);
  }
}
