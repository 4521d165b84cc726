package io.runnel.tools.groups;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The tables {@code runnel-consumer-groups.sh} prints, laid out as Kafka's {@code kafka-consumer-groups.sh} lays
 * them out: left-aligned columns at least 15 characters wide (wider to fit the longest value), {@code -} for an
 * unknown value, and a blank line before the header.
 */
public final class GroupTables {

    static final String MISSING = "-";

    private GroupTables() {}

    /** GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG CONSUMER-ID HOST CLIENT-ID. */
    public static void printOffsets(List<PartitionOffsetRow> rows, PrintStream out) {
        int group = 15;
        int topic = 15;
        int consumerId = 15;
        int host = 15;
        for (PartitionOffsetRow row : rows) {
            group = Math.max(group, row.group().length());
            topic = Math.max(topic, row.topic().length());
            consumerId = Math.max(consumerId, row.consumerId().orElse(MISSING).length());
            host = Math.max(host, row.host().orElse(MISSING).length());
        }
        String format =
                "\n%-" + group + "s %-" + topic + "s %-10s %-15s %-15s %-15s %-" + consumerId + "s %-" + host + "s %s";
        out.printf(
                format,
                "GROUP",
                "TOPIC",
                "PARTITION",
                "CURRENT-OFFSET",
                "LOG-END-OFFSET",
                "LAG",
                "CONSUMER-ID",
                "HOST",
                "CLIENT-ID");
        for (PartitionOffsetRow row : rows) {
            out.printf(
                    format,
                    row.group(),
                    row.topic(),
                    row.partition(),
                    text(row.currentOffset()),
                    text(row.logEndOffset()),
                    text(row.lag()),
                    row.consumerId().orElse(MISSING),
                    row.host().orElse(MISSING),
                    row.clientId().orElse(MISSING));
        }
        out.println();
    }

    /** GROUP CONSUMER-ID [GROUP-INSTANCE-ID] HOST CLIENT-ID #PARTITIONS [ASSIGNMENT]. */
    public static void printMembers(List<MemberRow> rows, boolean verbose, PrintStream out) {
        int group = 15;
        int consumerId = 15;
        int instanceId = 17;
        int host = 15;
        int clientId = 15;
        boolean withInstanceId = false;
        for (MemberRow row : rows) {
            group = Math.max(group, row.group().length());
            consumerId = Math.max(consumerId, row.consumerId().length());
            instanceId = Math.max(instanceId, row.groupInstanceId().orElse("").length());
            host = Math.max(host, row.host().length());
            clientId = Math.max(clientId, row.clientId().length());
            withInstanceId |= row.groupInstanceId().isPresent();
        }
        String format = withInstanceId
                ? "%-" + group + "s %-" + consumerId + "s %-" + instanceId + "s %-" + host + "s %-" + clientId
                        + "s %-15s "
                : "%-" + group + "s %-" + consumerId + "s %-" + host + "s %-" + clientId + "s %-15s ";
        out.println();
        if (withInstanceId) {
            out.printf(format, "GROUP", "CONSUMER-ID", "GROUP-INSTANCE-ID", "HOST", "CLIENT-ID", "#PARTITIONS");
        } else {
            out.printf(format, "GROUP", "CONSUMER-ID", "HOST", "CLIENT-ID", "#PARTITIONS");
        }
        if (verbose) {
            out.print("ASSIGNMENT");
        }
        out.println();
        for (MemberRow row : rows) {
            if (withInstanceId) {
                out.printf(
                        format,
                        row.group(),
                        row.consumerId(),
                        row.groupInstanceId().orElse(""),
                        row.host(),
                        row.clientId(),
                        row.assignment().size());
            } else {
                out.printf(
                        format,
                        row.group(),
                        row.consumerId(),
                        row.host(),
                        row.clientId(),
                        row.assignment().size());
            }
            if (verbose) {
                out.print(assignment(row.assignment()));
            }
            out.println();
        }
    }

    /** GROUP COORDINATOR (ID) ASSIGNMENT-STRATEGY STATE #MEMBERS. */
    public static void printState(GroupStateRow row, PrintStream out) {
        String coordinator = row.coordinator() == null
                ? MISSING
                : row.coordinator().host() + ":" + row.coordinator().port() + "  ("
                        + row.coordinator().idString() + ")";
        int width = Math.max(25, coordinator.length());
        int groupWidth = Math.max(width, row.group().length());
        String format = "\n%-" + groupWidth + "s %-" + width + "s %-20s %-15s %s";
        out.printf(format, "GROUP", "COORDINATOR (ID)", "ASSIGNMENT-STRATEGY", "STATE", "#MEMBERS");
        out.printf(
                format,
                row.group(),
                coordinator,
                row.assignmentStrategy() == null || row.assignmentStrategy().isEmpty() ? "" : row.assignmentStrategy(),
                row.state(),
                row.members());
        out.println();
    }

    /** GROUP TOPIC PARTITION NEW-OFFSET, the plan of {@code --reset-offsets}. */
    public static void printResetPlan(Map<String, Map<TopicPartition, OffsetAndMetadata>> plan, PrintStream out) {
        String format = "%-30s %-30s %-10s %-15s";
        out.println();
        out.printf(format + "%n", "GROUP", "TOPIC", "PARTITION", "NEW-OFFSET");
        new TreeMap<>(plan).forEach((group, offsets) -> offsets.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(
                        java.util.Comparator.comparing(TopicPartition::topic).thenComparing(TopicPartition::partition)))
                .forEach(entry -> out.printf(
                        format + "%n",
                        group,
                        entry.getKey().topic(),
                        entry.getKey().partition(),
                        entry.getValue().offset())));
    }

    /** Kafka's verbose assignment column: {@code topic(0,1), other(2)}, or {@code -}. */
    static String assignment(List<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return MISSING;
        }
        Map<String, List<Integer>> byTopic = new TreeMap<>();
        for (TopicPartition tp : partitions) {
            byTopic.computeIfAbsent(tp.topic(), t -> new java.util.ArrayList<>())
                    .add(tp.partition());
        }
        return byTopic.entrySet().stream()
                .map(e -> e.getKey()
                        + e.getValue().stream()
                                .sorted()
                                .map(String::valueOf)
                                .collect(Collectors.joining(",", "(", ")")))
                .collect(Collectors.joining(", "));
    }

    private static String text(OptionalLong value) {
        return value.isPresent() ? Long.toString(value.getAsLong()) : MISSING;
    }

    static Optional<String> present(String value) {
        return Optional.ofNullable(value).filter(s -> !s.isEmpty());
    }
}
