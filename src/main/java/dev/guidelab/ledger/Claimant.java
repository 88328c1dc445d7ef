package dev.guidelab.ledger;

import java.util.Objects;

/**
 * Who claims a point, as the ledger records it on the point: a worker's name and the device it
 * computes on.
 *
 * @param name the worker's name ({@code guidelab.worker.name}, else host and process id)
 * @param device the device its networks run on, as resolved from {@code guidelab.worker.device},
 *     e.g. {@code cpu} or {@code cuda:0}
 */
public record Claimant(String name, String device) {

  public Claimant {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(device, "device");
  }
}
