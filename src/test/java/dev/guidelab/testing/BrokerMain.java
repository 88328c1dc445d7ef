package dev.guidelab.testing;

import dev.guidelab.local.EmbeddedKafka;
import java.nio.file.Path;

/**
 * A KRaft broker in a JVM of its own, for fault tests that stop and restart the broker under
 * running Guidelab processes: {@code BrokerMain <log dir> <port> <controller port>}. It keeps its
 * log directory across restarts and runs until it is killed.
 */
public final class BrokerMain {

  private BrokerMain() {}

  public static void main(String[] args) throws InterruptedException {
    EmbeddedKafka kafka =
        EmbeddedKafka.start(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]));
    Runtime.getRuntime().addShutdownHook(new Thread(kafka::close));
    System.out.println("broker ready at " + kafka.bootstrapServers());
    Thread.currentThread().join();
  }
}
