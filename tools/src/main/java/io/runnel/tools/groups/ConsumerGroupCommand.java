package io.runnel.tools.groups;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import io.runnel.tools.cli.AdminFlags;
import io.runnel.tools.cli.Tool;
import io.runnel.tools.cli.ToolException;
import io.runnel.tools.cli.ToolLauncher;
import io.runnel.tools.cli.ToolOptions;
import io.runnel.tools.cli.ToolStreams;
import joptsimple.OptionSet;
import joptsimple.OptionSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * {@code runnel-consumer-groups.sh}: Kafka's {@code kafka-consumer-groups.sh}: list, describe (offsets, members,
 * state), reset offsets and delete consumer groups. Output is laid out by {@link GroupTables}.
 *
 * <p>A reset is a dry run (the plan is printed) unless {@code --execute} is given, and only applies to groups
 * without active members, as in Kafka: moving the position under a running consumer would be overwritten by its
 * next commit.
 */
public final class ConsumerGroupCommand implements Tool {

    public static void main(String[] args) {
        ToolLauncher.main(new ConsumerGroupCommand(), args);
    }

    static final class Options {
        final ToolOptions tool = new ToolOptions("List, describe, delete consumer groups and reset their offsets."
                + " Usage: runnel-consumer-groups.sh --bootstrap-server HOST:PORT (--list | --describe |"
                + " --reset-offsets | --delete) [--group GROUP | --all-groups] ...");
        final AdminFlags admin = new AdminFlags(tool.parser());
        final OptionSpec<Void> list = tool.parser().accepts("list", "List all consumer groups.");
        final OptionSpec<Void> describe = tool.parser().accepts("describe", "Describe consumer group(s).");
        final OptionSpec<Void> delete = tool.parser().accepts("delete", "Delete consumer group(s) without members.");
        final OptionSpec<Void> resetOffsets = tool.parser()
                .accepts(
                        "reset-offsets",
                        "Reset the offsets of a group without active members; a dry run unless --execute.");
        final OptionSpec<String> group = tool.parser()
                .accepts("group", "The consumer group; may be repeated.")
                .withRequiredArg()
                .describedAs("consumer group")
                .ofType(String.class);
        final OptionSpec<Void> allGroups = tool.parser().accepts("all-groups", "Apply to all consumer groups.");
        final OptionSpec<String> topic = tool.parser()
                .accepts(
                        "topic",
                        "With --reset-offsets: the topic, optionally with partitions (topic:0,1,2); may be"
                                + " repeated.")
                .withRequiredArg()
                .describedAs("topic")
                .ofType(String.class);
        final OptionSpec<Void> allTopics =
                tool.parser().accepts("all-topics", "With --reset-offsets: every topic the group has offsets for.");
        final OptionSpec<Void> members = tool.parser().accepts("members", "With --describe: the group's members.");
        final OptionSpec<Void> state = tool.parser().accepts("state", "With --describe: the group's state.");
        final OptionSpec<Void> offsets =
                tool.parser().accepts("offsets", "With --describe: the group's offsets and lag (the default).");
        final OptionSpec<Void> verbose =
                tool.parser().accepts("verbose", "With --describe --members: each member's assignment.");
        final OptionSpec<Void> toEarliest = tool.parser().accepts("to-earliest", "Reset to the earliest offset.");
        final OptionSpec<Void> toLatest = tool.parser().accepts("to-latest", "Reset to the latest offset.");
        final OptionSpec<Void> toCurrent = tool.parser().accepts("to-current", "Reset to the current offset.");
        final OptionSpec<Long> toOffset = tool.parser()
                .accepts("to-offset", "Reset to this offset (clamped to the log's bounds).")
                .withRequiredArg()
                .describedAs("offset")
                .ofType(Long.class);
        final OptionSpec<Long> shiftBy = tool.parser()
                .accepts("shift-by", "Move the current offset by n, which may be negative.")
                .withRequiredArg()
                .describedAs("number-of-offsets")
                .ofType(Long.class);
        final OptionSpec<String> toDatetime = tool.parser()
                .accepts("to-datetime", "Reset to the first offset at or after this time, YYYY-MM-DDTHH:mm:SS.sss.")
                .withRequiredArg()
                .describedAs("datetime")
                .ofType(String.class);
        final OptionSpec<String> byDuration = tool.parser()
                .accepts("by-duration", "Reset to the first offset at or after now minus this duration, PnDTnHnMnS.")
                .withRequiredArg()
                .describedAs("duration")
                .ofType(String.class);
        final OptionSpec<Void> dryRun =
                tool.parser().accepts("dry-run", "Only print the offsets a reset would set (the default).");
        final OptionSpec<Void> execute = tool.parser().accepts("execute", "Carry out the reset.");

        final OptionSet set;
        final OptionSpec<?> action;

        Options(String[] args) {
            set = tool.parse(args);
            action = args.length == 0 || set.has("help")
                    ? null
                    : ToolOptions.exactlyOne(set, list, describe, delete, resetOffsets);
            if (action != null) {
                check();
            }
        }

        private void check() {
            if (action != list && set.has(group) == set.has(allGroups)) {
                throw new ToolException(
                        "Option " + ToolOptions.name(action) + " takes one of these options: --all-groups, --group");
            }
            for (OptionSpec<?> describeOnly : List.of(members, state, offsets, verbose)) {
                if (action != describe) {
                    ToolOptions.refuseWith(set, describeOnly, action);
                }
            }
            if (set.has(members) && set.has(state)) {
                ToolOptions.refuseWith(set, members, state);
            }
            List<OptionSpec<?>> scenarios =
                    List.of(toEarliest, toLatest, toCurrent, toOffset, shiftBy, toDatetime, byDuration);
            for (OptionSpec<?> resetOnly : concat(scenarios, List.of(dryRun, execute, allTopics))) {
                if (action != resetOffsets) {
                    ToolOptions.refuseWith(set, resetOnly, action);
                }
            }
            if (action == resetOffsets) {
                ToolOptions.exactlyOne(set, scenarios.toArray(OptionSpec[]::new));
                if (set.has(topic) == set.has(allTopics)) {
                    throw new ToolException("One of the reset scopes should be defined: --all-topics, --topic.");
                }
                ToolOptions.refuseWith(set, dryRun, execute);
            } else {
                ToolOptions.refuseWith(set, topic, action);
            }
        }

        ResetTarget resetTarget(Instant now) {
            if (set.has(toEarliest)) {
                return new ResetTarget.ToEarliest();
            } else if (set.has(toLatest)) {
                return new ResetTarget.ToLatest();
            } else if (set.has(toCurrent)) {
                return new ResetTarget.ToCurrent();
            } else if (set.has(toOffset)) {
                return new ResetTarget.ToOffset(set.valueOf(toOffset));
            } else if (set.has(shiftBy)) {
                return new ResetTarget.ShiftBy(set.valueOf(shiftBy));
            } else if (set.has(toDatetime)) {
                return ResetTarget.parseDateTime(set.valueOf(toDatetime), ZoneId.systemDefault());
            } else {
                return ResetTarget.parseDuration(set.valueOf(byDuration), now);
            }
        }

        private static <T> List<T> concat(List<? extends T> a, List<? extends T> b) {
            var all = new ArrayList<T>(a);
            all.addAll(b);
            return all;
        }
    }

    @Override
    public int run(String[] args, ToolStreams io) throws Exception {
        var options = new Options(args);
        if (options.tool.printHelpIfRequested(args, options.set, io.out())) {
            return 0;
        }
        try (Admin admin = options.admin.connect(options.set)) {
            if (options.action == options.list) {
                consumerGroups(admin).forEach(io.out()::println);
                return 0;
            }
            List<String> groups =
                    options.set.has(options.allGroups) ? consumerGroups(admin) : options.set.valuesOf(options.group);
            if (options.action == options.describe) {
                return describe(admin, options, groups, io);
            } else if (options.action == options.delete) {
                delete(admin, groups, io.out());
                return 0;
            } else {
                return reset(admin, options, groups, io);
            }
        }
    }

    /** Consumer groups (and groups that only hold offsets, whose protocol type is empty), sorted. */
    private static List<String> consumerGroups(Admin admin) throws Exception {
        return admin.listGroups().all().get().stream()
                .filter(g -> g.protocol() == null
                        || g.protocol().isEmpty()
                        || g.protocol().equals("consumer"))
                .map(GroupListing::groupId)
                .sorted()
                .toList();
    }

    private static Map<String, ConsumerGroupDescription> describeGroups(Admin admin, Collection<String> groups)
            throws Exception {
        var result = new TreeMap<String, ConsumerGroupDescription>();
        var futures = admin.describeConsumerGroups(groups).describedGroups();
        for (var entry : futures.entrySet()) {
            try {
                result.put(entry.getKey(), entry.getValue().get());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof GroupIdNotFoundException) {
                    throw new ToolException("Consumer group '" + entry.getKey() + "' does not exist.");
                }
                throw e;
            }
        }
        return result;
    }

    private static int describe(Admin admin, Options options, List<String> groups, ToolStreams io) throws Exception {
        Map<String, ConsumerGroupDescription> descriptions = describeGroups(admin, groups);
        for (ConsumerGroupDescription description : descriptions.values()) {
            String id = description.groupId();
            GroupState groupState = description.groupState();
            if (groupState == GroupState.DEAD) {
                throw new ToolException("Consumer group '" + id + "' does not exist.");
            }
            if (options.set.has(options.state)) {
                reportState(id, groupState, io.err());
                GroupTables.printState(
                        new GroupStateRow(
                                id,
                                description.coordinator(),
                                description.partitionAssignor(),
                                groupState.toString(),
                                description.members().size()),
                        io.out());
            } else if (options.set.has(options.members)) {
                reportState(id, groupState, io.err());
                GroupTables.printMembers(memberRows(description), options.set.has(options.verbose), io.out());
            } else {
                List<PartitionOffsetRow> rows = offsetRows(admin, description);
                reportState(id, groupState, io.err());
                if (!rows.isEmpty()) {
                    GroupTables.printOffsets(rows, io.out());
                }
            }
        }
        return 0;
    }

    /** Kafka's notes on a group that is not stable, to stderr so that the table stays parseable. */
    private static void reportState(String group, GroupState state, PrintStream err) {
        switch (state) {
            case EMPTY -> err.println("\nConsumer group '" + group + "' has no active members.");
            case PREPARING_REBALANCE, COMPLETING_REBALANCE, ASSIGNING, RECONCILING ->
                err.println("\nWarning: Consumer group '" + group + "' is rebalancing.");
            default -> {}
        }
    }

    static List<MemberRow> memberRows(ConsumerGroupDescription description) {
        return description.members().stream()
                .map(m -> new MemberRow(
                        description.groupId(),
                        m.consumerId(),
                        m.groupInstanceId(),
                        m.host(),
                        m.clientId(),
                        sorted(m.assignment().topicPartitions())))
                .toList();
    }

    /**
     * Rows in Kafka's order: members with partitions (most partitions first), each partition in order; then
     * partitions with a committed offset that no member holds.
     */
    private static List<PartitionOffsetRow> offsetRows(Admin admin, ConsumerGroupDescription description)
            throws Exception {
        String group = description.groupId();
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>(admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get());
        committed.values().removeIf(java.util.Objects::isNull);
        List<MemberDescription> assigned = description.members().stream()
                .filter(m -> !m.assignment().topicPartitions().isEmpty())
                .sorted(Comparator.comparingInt((MemberDescription m) ->
                                m.assignment().topicPartitions().size())
                        .reversed())
                .toList();
        Set<TopicPartition> all = new HashSet<>(committed.keySet());
        assigned.forEach(m -> all.addAll(m.assignment().topicPartitions()));
        Map<TopicPartition, Long> ends = endOffsets(admin, all);

        var rows = new ArrayList<PartitionOffsetRow>();
        Set<TopicPartition> owned = new HashSet<>();
        for (MemberDescription member : assigned) {
            for (TopicPartition tp : sorted(member.assignment().topicPartitions())) {
                owned.add(tp);
                rows.add(row(group, tp, committed, ends, Optional.of(member)));
            }
        }
        for (TopicPartition tp : sorted(committed.keySet())) {
            if (!owned.contains(tp)) {
                rows.add(row(group, tp, committed, ends, Optional.empty()));
            }
        }
        return rows;
    }

    private static PartitionOffsetRow row(
            String group,
            TopicPartition tp,
            Map<TopicPartition, OffsetAndMetadata> committed,
            Map<TopicPartition, Long> ends,
            Optional<MemberDescription> member) {
        OffsetAndMetadata offset = committed.get(tp);
        Long end = ends.get(tp);
        return new PartitionOffsetRow(
                group,
                tp.topic(),
                tp.partition(),
                offset == null ? OptionalLong.empty() : OptionalLong.of(offset.offset()),
                end == null ? OptionalLong.empty() : OptionalLong.of(end),
                member.map(MemberDescription::consumerId),
                member.map(MemberDescription::host),
                member.map(MemberDescription::clientId));
    }

    /** Log end offsets; a partition whose end cannot be listed (deleted topic) is left out, shown as "-". */
    private static Map<TopicPartition, Long> endOffsets(Admin admin, Collection<TopicPartition> partitions)
            throws Exception {
        return listOffsets(admin, partitions, OffsetSpec.latest());
    }

    private static Map<TopicPartition, Long> listOffsets(
            Admin admin, Collection<TopicPartition> partitions, OffsetSpec spec) throws InterruptedException {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        var request = new LinkedHashMap<TopicPartition, OffsetSpec>();
        partitions.forEach(tp -> request.put(tp, spec));
        var result = admin.listOffsets(request);
        var offsets = new HashMap<TopicPartition, Long>();
        for (TopicPartition tp : partitions) {
            try {
                ListOffsetsResultInfo info = result.partitionResult(tp).get();
                offsets.put(tp, info.offset());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException timeout) {
                    throw timeout;
                }
            }
        }
        return offsets;
    }

    private static void delete(Admin admin, List<String> groups, PrintStream out) throws Exception {
        var result = admin.deleteConsumerGroups(groups).deletedGroups();
        var failures = new TreeMap<String, String>();
        for (var entry : result.entrySet()) {
            try {
                entry.getValue().get();
            } catch (ExecutionException e) {
                failures.put(entry.getKey(), e.getCause().getMessage());
            }
        }
        var deleted = groups.stream().filter(g -> !failures.containsKey(g)).toList();
        if (!deleted.isEmpty()) {
            out.println("Deletion of requested consumer groups ("
                    + deleted.stream().map(g -> "'" + g + "'").collect(Collectors.joining(", "))
                    + ") was successful.");
        }
        if (!failures.isEmpty()) {
            throw new ToolException("Deletion of some consumer groups failed: "
                    + failures.entrySet().stream()
                            .map(e -> "Group '" + e.getKey() + "' could not be deleted due to: " + e.getValue())
                            .collect(Collectors.joining("; ")));
        }
    }

    private static int reset(Admin admin, Options options, List<String> groups, ToolStreams io) throws Exception {
        boolean execute = options.set.has(options.execute);
        if (!execute && !options.set.has(options.dryRun)) {
            io.err()
                    .println("WARN: No action will be performed as the --execute option is missing. Add --dry-run"
                            + " to keep this behaviour without the warning, or --execute to reset the offsets.");
        }
        ResetTarget target = options.resetTarget(Instant.now());
        Map<String, ConsumerGroupDescription> descriptions = describeGroups(admin, groups);
        var plan = new TreeMap<String, Map<TopicPartition, OffsetAndMetadata>>();
        for (ConsumerGroupDescription description : descriptions.values()) {
            GroupState state = description.groupState();
            if (state != GroupState.EMPTY && state != GroupState.DEAD) {
                throw new ToolException("Assignments can only be reset if the group '" + description.groupId()
                        + "' is inactive, but the current state is " + state + ".");
            }
            Map<TopicPartition, OffsetAndMetadata> committed =
                    new HashMap<>(admin.listConsumerGroupOffsets(description.groupId())
                            .partitionsToOffsetAndMetadata()
                            .get());
            committed.values().removeIf(java.util.Objects::isNull);
            List<TopicPartition> partitions = partitionsToReset(admin, options, committed.keySet());
            plan.put(description.groupId(), newOffsets(admin, target, partitions, committed));
        }
        if (execute) {
            for (var entry : plan.entrySet()) {
                admin.alterConsumerGroupOffsets(entry.getKey(), entry.getValue())
                        .all()
                        .get();
            }
        }
        GroupTables.printResetPlan(plan, io.out());
        return 0;
    }

    private static List<TopicPartition> partitionsToReset(Admin admin, Options options, Set<TopicPartition> withOffsets)
            throws Exception {
        if (options.set.has(options.allTopics)) {
            return sorted(withOffsets);
        }
        var result = new ArrayList<TopicPartition>();
        var wholeTopics = new ArrayList<String>();
        for (String spec : options.set.valuesOf(options.topic)) {
            int colon = spec.indexOf(':');
            if (colon < 0) {
                wholeTopics.add(spec);
                continue;
            }
            String name = spec.substring(0, colon);
            for (String partition : spec.substring(colon + 1).split(",")) {
                try {
                    result.add(new TopicPartition(name, Integer.parseInt(partition.trim())));
                } catch (NumberFormatException e) {
                    throw new ToolException("Invalid partition '" + partition + "' in --topic " + spec);
                }
            }
        }
        if (!wholeTopics.isEmpty()) {
            try {
                admin.describeTopics(wholeTopics).allTopicNames().get().forEach((name, description) -> description
                        .partitions()
                        .forEach(p -> result.add(new TopicPartition(name, p.partition()))));
            } catch (ExecutionException e) {
                if (e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) {
                    throw new ToolException("Topic(s) " + wholeTopics + " do not exist: "
                            + e.getCause().getMessage());
                }
                throw e;
            }
        }
        return sorted(result);
    }

    private static Map<TopicPartition, OffsetAndMetadata> newOffsets(
            Admin admin,
            ResetTarget target,
            List<TopicPartition> partitions,
            Map<TopicPartition, OffsetAndMetadata> committed)
            throws Exception {
        Map<TopicPartition, Long> earliest = listOffsets(admin, partitions, OffsetSpec.earliest());
        Map<TopicPartition, Long> latest = listOffsets(admin, partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> atTime = target instanceof ResetTarget.ToTimestamp t
                ? listOffsets(admin, partitions, OffsetSpec.forTimestamp(t.timestampMs()))
                : Map.of();
        var result = new LinkedHashMap<TopicPartition, OffsetAndMetadata>();
        for (TopicPartition tp : partitions) {
            if (!earliest.containsKey(tp) || !latest.containsKey(tp)) {
                throw new ToolException("Cannot list the offsets of partition " + tp + " (does the topic exist?)");
            }
            long newOffset;
            if (target instanceof ResetTarget.ToTimestamp) {
                long found = atTime.getOrDefault(tp, -1L);
                newOffset = found < 0 ? latest.get(tp) : found;
            } else {
                OffsetAndMetadata current = committed.get(tp);
                newOffset = target.resolve(current == null ? -1 : current.offset(), earliest.get(tp), latest.get(tp));
            }
            result.put(tp, new OffsetAndMetadata(newOffset));
        }
        return result;
    }

    private static List<TopicPartition> sorted(Collection<TopicPartition> partitions) {
        return partitions.stream()
                .sorted(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition))
                .toList();
    }
}
