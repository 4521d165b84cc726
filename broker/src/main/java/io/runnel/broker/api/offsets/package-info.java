/** Offset APIs of the data plane: ListOffsets, DeleteRecords, OffsetForLeaderEpoch. */
package io.runnel.broker.api.offsets;
