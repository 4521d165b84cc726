package io.runnel.broker.group.records;

import java.util.OptionalLong;

/**
 * A committed offset.
 *
 * @param leaderEpoch the leader epoch of the committed record, -1 when unknown (value v3+)
 * @param expireTimestamp an explicit expiry time, only in value v1 (OffsetCommit v1 clients); empty otherwise
 */
public record OffsetCommitValue(
        long offset, int leaderEpoch, String metadata, long commitTimestamp, OptionalLong expireTimestamp) {

    public OffsetCommitValue {
        metadata = metadata == null ? "" : metadata;
    }
}
