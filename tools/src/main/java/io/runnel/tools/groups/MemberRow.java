package io.runnel.tools.groups;

import java.util.List;
import java.util.Optional;

import org.apache.kafka.common.TopicPartition;

/** One row of {@code --describe --members}. */
public record MemberRow(
        String group,
        String consumerId,
        Optional<String> groupInstanceId,
        String host,
        String clientId,
        List<TopicPartition> assignment) {

    public MemberRow {
        assignment = List.copyOf(assignment);
    }
}
