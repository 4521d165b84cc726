package io.runnel.broker.e2e;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a client round trip asserts about the order of the records a consumer got back, whatever the client:
 * Kafka's ordering guarantee is per partition, and keyed records land by key hash.
 */
final class DeliveryOrder {

    /** One consumed record, as far as order is concerned. */
    record Delivery(int partition, long offset, String key, String value) {}

    private DeliveryOrder() {}

    /**
     * Each partition holds its records at offsets 0, 1, 2, ... with values in send order (values must sort in send
     * order), and a key always lands in the same partition.
     *
     * @return the partitions the records came from
     */
    static Map<Integer, List<Delivery>> assertInSendOrderPerPartitionByKey(List<Delivery> deliveries) {
        Map<Integer, List<Delivery>> byPartition = new TreeMap<>();
        deliveries.forEach(d -> byPartition
                .computeIfAbsent(d.partition(), p -> new ArrayList<>())
                .add(d));
        for (List<Delivery> partition : byPartition.values()) {
            assertThat(partition)
                    .extracting(Delivery::offset)
                    .containsExactlyElementsOf(IntStream.range(0, partition.size())
                            .mapToObj(Long::valueOf)
                            .toList());
            assertThat(partition).extracting(Delivery::value).isSorted();
        }
        Map<String, Integer> partitionOfKey = new HashMap<>();
        for (Delivery d : deliveries) {
            assertThat(partitionOfKey.computeIfAbsent(d.key(), k -> d.partition()))
                    .as("partition of key %s", d.key())
                    .isEqualTo(d.partition());
        }
        return byPartition;
    }
}
