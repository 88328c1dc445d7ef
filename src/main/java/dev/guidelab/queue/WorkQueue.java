package dev.guidelab.queue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * A worker's view of the work topic, read through a Kafka share group (KIP-932): any free worker
 * takes the next record from any partition, workers may outnumber partitions, and a worker takes a
 * record only when it asks for one ({@code share.acquire.mode=record_limit}, one record per poll),
 * so a worker busy on a point holds no records another worker could take.
 *
 * <p>A record only rings the doorbell; the ledger says what to compute. A record that cannot be
 * read (a null value, not JSON, not a {@link PointWork}) is rejected — the broker archives it — and
 * counted, never fatal. One thread uses a {@code WorkQueue}.
 */
public final class WorkQueue implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(WorkQueue.class);

  /** A record taken from the topic, to be accepted once handled or released to be taken again. */
  public record Doorbell(Optional<PointWork> work, ConsumerRecord<String, byte[]> record) {}

  private final ShareConsumer<String, byte[]> consumer;
  private final ObjectMapper json;
  private final AtomicLong rejected = new AtomicLong();
  private volatile boolean loggedRejection;

  /**
   * @param bootstrapServers the brokers
   * @param group the share group every worker joins
   * @param topic the work topic
   */
  public WorkQueue(String bootstrapServers, String group, String topic, ObjectMapper json) {
    this.json = json;
    this.consumer =
        new KafkaShareConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                group,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                1,
                "share.acquire.mode",
                "record_limit",
                "share.acknowledgement.mode",
                "explicit",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName()),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    consumer.subscribe(List.of(topic));
  }

  /**
   * Waits up to {@code timeout} for the next readable record; unreadable ones met on the way are
   * rejected.
   */
  public Optional<Doorbell> next(Duration timeout) {
    Iterator<ConsumerRecord<String, byte[]>> records = consumer.poll(timeout).iterator();
    Optional<Doorbell> found = Optional.empty();
    while (records.hasNext()) {
      ConsumerRecord<String, byte[]> record = records.next();
      Optional<PointWork> work = read(record.value());
      if (work.isEmpty()) {
        reject(record);
      } else if (found.isEmpty()) {
        found = Optional.of(new Doorbell(work, record));
      } else {
        // More than one record per poll should not happen (record_limit); let another take it.
        consumer.acknowledge(record, AcknowledgeType.RELEASE);
      }
    }
    return found;
  }

  /** The doorbell was answered: the broker forgets the record. */
  public void accept(Doorbell doorbell) {
    consumer.acknowledge(doorbell.record(), AcknowledgeType.ACCEPT);
    consumer.commitSync(Duration.ofSeconds(10));
  }

  /**
   * The doorbell could not be answered now (the ledger is unreachable): another worker takes it.
   */
  public void release(Doorbell doorbell) {
    consumer.acknowledge(doorbell.record(), AcknowledgeType.RELEASE);
    consumer.commitSync(Duration.ofSeconds(10));
  }

  /** Records rejected as unreadable since this queue started. */
  public long rejected() {
    return rejected.get();
  }

  private void reject(ConsumerRecord<String, byte[]> record) {
    consumer.acknowledge(record, AcknowledgeType.REJECT);
    consumer.commitSync(Duration.ofSeconds(10));
    long count = rejected.incrementAndGet();
    if (!loggedRejection) {
      loggedRejection = true;
      LOG.warnf(
          "Rejected an unreadable record on %s (partition %d, offset %d): not a point's work;"
              + " further ones are only counted (%d so far)",
          record.topic(), record.partition(), record.offset(), count);
    }
  }

  private Optional<PointWork> read(byte[] value) {
    if (value == null || value.length == 0 || value.length > 4096) {
      return Optional.empty();
    }
    try {
      PointWork work = json.readValue(value, PointWork.class);
      return work.experimentId() == null || work.pointId() == null
          ? Optional.empty()
          : Optional.of(work);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Interrupts a {@link #next} in progress (from another thread). */
  public void wakeup() {
    consumer.wakeup();
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
