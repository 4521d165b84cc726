package io.runnel.broker.controller;

import java.util.List;

/**
 * A request to grow a topic to {@code totalCount} partitions.
 *
 * @param newAssignments replicas of each added partition, in order; null for automatic placement
 */
public record NewPartitions(String topic, int totalCount, List<List<Integer>> newAssignments) {}
