package io.runnel.tools.topics;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

import io.runnel.tools.cli.AdminFlags;
import io.runnel.tools.cli.KeyValueArgs;
import io.runnel.tools.cli.Tool;
import io.runnel.tools.cli.ToolException;
import io.runnel.tools.cli.ToolLauncher;
import io.runnel.tools.cli.ToolOptions;
import io.runnel.tools.cli.ToolStreams;
import joptsimple.OptionSet;
import joptsimple.OptionSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * {@code runnel-topics.sh}: Kafka's {@code kafka-topics.sh} (create, list, describe, alter partitions, delete),
 * with its flags and output.
 *
 * <p>As in Kafka, {@code --topic} is a regular expression for list, describe, alter and delete (a comma acts as
 * "or") and a literal name for create; alter and delete of a topic that matches nothing fail unless
 * {@code --if-exists}.
 */
public final class TopicCommand implements Tool {

    public static void main(String[] args) {
        ToolLauncher.main(new TopicCommand(), args);
    }

    /** The parsed flags. */
    static final class Options {
        final ToolOptions tool = new ToolOptions(
                "Create, delete, describe, or change a topic. Usage: runnel-topics.sh --bootstrap-server HOST:PORT"
                        + " (--create | --list | --describe | --alter | --delete) [--topic TOPIC] ...");
        final AdminFlags admin = new AdminFlags(tool.parser());
        final OptionSpec<Void> create = tool.parser().accepts("create", "Create a new topic.");
        final OptionSpec<Void> list = tool.parser().accepts("list", "List all available topics.");
        final OptionSpec<Void> describe = tool.parser().accepts("describe", "List details for the given topics.");
        final OptionSpec<Void> alter = tool.parser()
                .accepts("alter", "Alter the number of partitions of a topic (configs: runnel-configs.sh).");
        final OptionSpec<Void> delete = tool.parser().accepts("delete", "Delete a topic.");
        final OptionSpec<String> topic = tool.parser()
                .accepts(
                        "topic",
                        "The topic to create, alter, describe or delete. Except with --create, a regular"
                                + " expression; a comma separates alternatives.")
                .withRequiredArg()
                .describedAs("topic")
                .ofType(String.class);
        final OptionSpec<Integer> partitions = tool.parser()
                .accepts(
                        "partitions",
                        "The number of partitions of the topic being created or altered (the broker's"
                                + " num.partitions if not given on create).")
                .withRequiredArg()
                .describedAs("# of partitions")
                .ofType(Integer.class);
        final OptionSpec<Integer> replicationFactor = tool.parser()
                .accepts(
                        "replication-factor",
                        "The replication factor of each partition of the topic being created (the broker's"
                                + " default.replication.factor if not given).")
                .withRequiredArg()
                .describedAs("replication factor")
                .ofType(Integer.class);
        final OptionSpec<String> replicaAssignment = tool.parser()
                .accepts(
                        "replica-assignment",
                        "A list of manual partition-to-broker assignments for the topic being created or"
                                + " altered: broker_id_for_part1_replica1:broker_id_for_part1_replica2,"
                                + "broker_id_for_part2_replica1:broker_id_for_part2_replica2,...")
                .withRequiredArg()
                .describedAs("broker_id_for_part1_replica1:broker_id_for_part1_replica2,...")
                .ofType(String.class);
        final OptionSpec<String> config = tool.parser()
                .accepts("config", "A topic configuration override for the topic being created, name=value.")
                .withRequiredArg()
                .describedAs("name=value")
                .ofType(String.class);
        final OptionSpec<Void> ifNotExists =
                tool.parser().accepts("if-not-exists", "With --create: do nothing if the topic already exists.");
        final OptionSpec<Void> ifExists = tool.parser()
                .accepts("if-exists", "With --alter, --describe or --delete: do nothing if the topic does not exist.");
        final OptionSpec<Void> underReplicated = tool.parser()
                .accepts(
                        "under-replicated-partitions",
                        "With --describe: only show partitions whose in-sync replicas are fewer than their"
                                + " replicas.");
        final OptionSpec<Void> unavailable = tool.parser()
                .accepts(
                        "unavailable-partitions",
                        "With --describe: only show partitions whose leader is not available.");
        final OptionSpec<Void> excludeInternal = tool.parser()
                .accepts("exclude-internal", "Exclude internal topics when listing or describing all topics.");

        final OptionSet set;
        final OptionSpec<?> action;

        Options(String[] args) {
            this.set = tool.parse(args);
            this.action = args.length == 0 || set.has("help")
                    ? null
                    : ToolOptions.exactlyOne(set, list, describe, create, alter, delete);
            if (action != null) {
                check();
            }
        }

        private void check() {
            if (action == create || action == alter || action == delete) {
                ToolOptions.requireAll(set, topic);
            }
            if (action == alter) {
                ToolOptions.requireAll(set, partitions);
            }
            ToolOptions.refuseWith(set, replicaAssignment, replicationFactor);
            if (action == create) {
                ToolOptions.refuseWith(set, replicaAssignment, partitions);
            }
            for (OptionSpec<?> createOnly : List.of(replicationFactor, config, ifNotExists)) {
                if (action != create) {
                    ToolOptions.refuseWith(set, createOnly, action);
                }
            }
            for (OptionSpec<?> describeOnly : List.of(underReplicated, unavailable)) {
                if (action != describe) {
                    ToolOptions.refuseWith(set, describeOnly, action);
                }
            }
            if (action == create) {
                ToolOptions.refuseWith(set, ifExists, create);
            }
            if (set.has(partitions) && set.valueOf(partitions) < 1) {
                throw new ToolException("The partitions must be greater than 0");
            }
            if (set.has(replicationFactor)
                    && (set.valueOf(replicationFactor) < 1 || set.valueOf(replicationFactor) > Short.MAX_VALUE)) {
                throw new ToolException(
                        "The replication factor must be between 1 and " + Short.MAX_VALUE + " inclusive");
            }
            if (action == create) {
                String name = set.valueOf(topic);
                try {
                    org.apache.kafka.common.internals.Topic.validate(name);
                } catch (org.apache.kafka.common.errors.InvalidTopicException e) {
                    throw new ToolException(e.getMessage());
                }
            }
        }

        Map<String, String> configs() {
            return KeyValueArgs.parse(set.valuesOf(config), "--config");
        }
    }

    @Override
    public int run(String[] args, ToolStreams io) throws Exception {
        var options = new Options(args);
        if (options.tool.printHelpIfRequested(args, options.set, io.out())) {
            return 0;
        }
        try (Admin admin = options.admin.connect(options.set)) {
            var out = io.out();
            var action = options.action;
            if (action == options.create) {
                create(admin, options, out);
            } else if (action == options.list) {
                matchingTopics(admin, options).forEach(out::println);
            } else if (action == options.describe) {
                describe(admin, options, out);
            } else if (action == options.alter) {
                alter(admin, options);
            } else {
                delete(admin, options);
            }
        }
        return 0;
    }

    private static void create(Admin admin, Options options, PrintStream out) throws Exception {
        String name = options.set.valueOf(options.topic);
        NewTopic newTopic;
        if (options.set.has(options.replicaAssignment)) {
            newTopic = new NewTopic(
                    name,
                    ReplicaAssignment.parse(options.set.valueOf(options.replicaAssignment))
                            .replicasByPartition());
        } else {
            newTopic = new NewTopic(
                    name,
                    Optional.ofNullable(options.set.valueOf(options.partitions)),
                    Optional.ofNullable(options.set.valueOf(options.replicationFactor))
                            .map(Integer::shortValue));
        }
        newTopic.configs(options.configs());
        if (org.apache.kafka.common.internals.Topic.hasCollisionChars(name)) {
            out.println("WARNING: Due to limitations in metric names, topics with a period ('.') or underscore"
                    + " ('_') could collide. To avoid issues it is best to use either, but not both.");
        }
        try {
            admin.createTopics(List.of(newTopic), new CreateTopicsOptions().retryOnQuotaViolation(false))
                    .all()
                    .get();
            out.println("Created topic " + name + ".");
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException && options.set.has(options.ifNotExists))) {
                throw e;
            }
        }
    }

    private static void describe(Admin admin, Options options, PrintStream out) throws Exception {
        List<String> topics = existing(admin, options);
        if (topics.isEmpty()) {
            return;
        }
        Map<String, TopicDescription> descriptions =
                admin.describeTopics(topics).allTopicNames().get();
        boolean filtered = options.set.has(options.underReplicated) || options.set.has(options.unavailable);
        Map<ConfigResource, Config> configs = filtered ? Map.of() : configsOf(admin, topics);
        Set<Integer> liveBrokers = options.set.has(options.unavailable)
                ? admin.describeCluster().nodes().get().stream().map(Node::id).collect(Collectors.toSet())
                : Set.of();
        for (String name : topics) {
            TopicDescription description = descriptions.get(name);
            if (!filtered) {
                out.println(TopicDescriptionFormat.topicLine(
                        description, configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name))));
            }
            for (TopicPartitionInfo partition : description.partitions()) {
                boolean show = !filtered
                        || (options.set.has(options.underReplicated)
                                && TopicDescriptionFormat.isUnderReplicated(partition))
                        || (options.set.has(options.unavailable)
                                && TopicDescriptionFormat.isUnavailable(partition, liveBrokers));
                if (show) {
                    out.println(TopicDescriptionFormat.partitionLine(name, partition));
                }
            }
        }
    }

    private static Map<ConfigResource, Config> configsOf(Admin admin, Collection<String> topics) throws Exception {
        List<ConfigResource> resources = topics.stream()
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name))
                .toList();
        return admin.describeConfigs(resources).all().get();
    }

    private static void alter(Admin admin, Options options) throws Exception {
        List<String> topics = existing(admin, options);
        if (topics.isEmpty()) {
            return;
        }
        int count = options.set.valueOf(options.partitions);
        Map<String, NewPartitions> increases = new java.util.LinkedHashMap<>();
        Map<String, TopicDescription> descriptions =
                admin.describeTopics(topics).allTopicNames().get();
        for (String name : topics) {
            if (options.set.has(options.replicaAssignment)) {
                var all = ReplicaAssignment.parse(options.set.valueOf(options.replicaAssignment))
                        .replicasByPartition();
                int existingPartitions = descriptions.get(name).partitions().size();
                List<List<Integer>> added = new ArrayList<>();
                all.forEach((partition, replicas) -> {
                    if (partition >= existingPartitions) {
                        added.add(replicas);
                    }
                });
                increases.put(name, NewPartitions.increaseTo(count, added));
            } else {
                increases.put(name, NewPartitions.increaseTo(count));
            }
        }
        admin.createPartitions(increases).all().get();
    }

    private static void delete(Admin admin, Options options) throws Exception {
        List<String> topics = existing(admin, options);
        if (!topics.isEmpty()) {
            admin.deleteTopics(topics).all().get();
        }
    }

    /**
     * The topics {@code --topic} matches (all topics without it).
     *
     * @throws ToolException if a {@code --topic} was given, matches nothing and {@code --if-exists} is absent
     */
    private static List<String> existing(Admin admin, Options options) throws Exception {
        List<String> topics = matchingTopics(admin, options);
        if (topics.isEmpty() && options.set.has(options.topic) && !options.set.has(options.ifExists)) {
            throw new ToolException("Topic '" + options.set.valueOf(options.topic) + "' does not exist as expected");
        }
        return topics;
    }

    private static List<String> matchingTopics(Admin admin, Options options) throws Exception {
        boolean listInternal = !options.set.has(options.excludeInternal);
        Set<String> all = new TreeSet<>(admin.listTopics(new ListTopicsOptions().listInternal(listInternal))
                .names()
                .get());
        if (!options.set.has(options.topic)) {
            return List.copyOf(all);
        }
        Pattern pattern = topicPattern(options.set.valueOf(options.topic));
        return all.stream().filter(name -> pattern.matcher(name).matches()).toList();
    }

    /** Kafka's include list: a regular expression in which a comma separates alternatives. */
    static Pattern topicPattern(String expression) {
        String regex =
                java.util.Arrays.stream(expression.split(",")).map(String::trim).collect(Collectors.joining("|"));
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new ToolException("Invalid --topic regular expression '" + expression + "': " + e.getDescription());
        }
    }
}
