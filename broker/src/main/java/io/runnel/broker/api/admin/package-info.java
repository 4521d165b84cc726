/**
 * Metadata and admin API handlers (Metadata, CreateTopics, DeleteTopics, CreatePartitions, DescribeConfigs,
 * AlterConfigs, IncrementalAlterConfigs, DescribeCluster); {@link io.runnel.broker.api.admin.AdminHandlers} builds
 * them all.
 */
package io.runnel.broker.api.admin;
