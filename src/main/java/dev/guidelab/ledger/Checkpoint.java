package dev.guidelab.ledger;

/**
 * A point's persisted streaming state: what its kind needs to continue after {@code done} units
 * instead of starting over.
 *
 * @param done units done when it was taken
 * @param nfe denoiser evaluations spent by then
 * @param state the kind's own encoding of its state
 */
public record Checkpoint(int done, long nfe, byte[] state) {}
