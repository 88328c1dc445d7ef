package dev.guidelab.ledger;

import java.util.List;

/** One page of a list, newest first. */
public record Page<T>(List<T> items, int page, int size, long total) {}
