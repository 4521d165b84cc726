package io.runnel.storage;

/** One invalid record within a rejected batch: its index in the batch and why. */
public record RecordError(int batchIndex, String message) {}
