/** The leader-epoch cache of a partition: which leader epoch started at which offset, for OffsetForLeaderEpoch. */
package io.runnel.storage.epoch;
