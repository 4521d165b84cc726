package io.runnel.tools.groups;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * One row of {@code --describe --offsets}: a partition a group has an offset for or is assigned, with the member
 * that owns it (empty columns print as {@code -}).
 */
public record PartitionOffsetRow(
        String group,
        String topic,
        int partition,
        OptionalLong currentOffset,
        OptionalLong logEndOffset,
        Optional<String> consumerId,
        Optional<String> host,
        Optional<String> clientId) {

    /** End offset minus committed offset; unknown without either. */
    public OptionalLong lag() {
        if (currentOffset.isEmpty() || logEndOffset.isEmpty()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(logEndOffset.getAsLong() - currentOffset.getAsLong());
    }
}
