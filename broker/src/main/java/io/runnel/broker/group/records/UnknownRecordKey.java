package io.runnel.broker.group.records;

/**
 * A key of a record type this broker does not interpret (KIP-848 consumer-group records, share groups, ...).
 * Replay skips it instead of failing the load, as the partition may hold records written by a newer broker.
 */
public record UnknownRecordKey(short type) implements CoordinatorRecordKey {

    @Override
    public String group() {
        return "";
    }
}
