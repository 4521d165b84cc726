package io.runnel.broker.group.records;

import java.util.List;

/** A KIP-848 member's identity and subscription (record type 5). */
public record ConsumerGroupMemberMetadataValue(
        String instanceId,
        String rackId,
        String clientId,
        String clientHost,
        List<String> subscribedTopicNames,
        String subscribedTopicRegex,
        int rebalanceTimeoutMs,
        String serverAssignor) {

    public ConsumerGroupMemberMetadataValue {
        subscribedTopicNames = List.copyOf(subscribedTopicNames);
    }
}
