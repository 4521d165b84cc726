package io.runnel.tools.offsets;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.runnel.tools.cli.ClientConfigs;
import io.runnel.tools.cli.Tool;
import io.runnel.tools.cli.ToolException;
import io.runnel.tools.cli.ToolLauncher;
import io.runnel.tools.cli.ToolOptions;
import io.runnel.tools.cli.ToolStreams;
import joptsimple.OptionSet;
import joptsimple.OptionSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code runnel-get-offsets.sh}: Kafka's {@code GetOffsetShell}. Prints {@code topic:partition:offset} for every
 * partition matched by {@code --topic} (a regular expression) and {@code --partitions}, for {@code --time}:
 * -1 (or {@code latest}) the log end, -2 ({@code earliest}) the log start, -3 ({@code max-timestamp}) the offset
 * of the record with the highest timestamp, or a timestamp in ms (the first offset at or after it). A partition
 * without such an offset is left out.
 */
public final class GetOffsetShell implements Tool {

    public static void main(String[] args) {
        ToolLauncher.main(new GetOffsetShell(), args);
    }

    static final class Options {
        final ToolOptions tool = new ToolOptions("An interactive shell for getting topic-partition offsets."
                + " Usage: runnel-get-offsets.sh --bootstrap-server HOST:PORT [--topic REGEX]"
                + " [--partitions 0,1] [--time -1|-2|-3|<timestamp>]");
        final OptionSpec<String> bootstrapServer = tool.parser()
                .accepts(
                        "bootstrap-server",
                        "REQUIRED. The server(s) to connect to in the form HOST1:PORT1,HOST2:PORT2.")
                .withRequiredArg()
                .ofType(String.class);
        final OptionSpec<String> brokerList = tool.parser()
                .accepts("broker-list", "DEPRECATED, use --bootstrap-server instead.")
                .withRequiredArg()
                .ofType(String.class);
        final OptionSpec<String> topic = tool.parser()
                .accepts("topic", "The topic to get the offsets for: a regular expression; all topics if absent.")
                .withRequiredArg()
                .ofType(String.class);
        final OptionSpec<String> partitions = tool.parser()
                .accepts("partitions", "Comma separated list of partition ids; all partitions if absent.")
                .withRequiredArg()
                .ofType(String.class);
        final OptionSpec<String> time = tool.parser()
                .accepts("time", "-1 or latest, -2 or earliest, -3 or max-timestamp, or a timestamp in milliseconds.")
                .withRequiredArg()
                .ofType(String.class)
                .defaultsTo("latest");
        final OptionSpec<String> commandConfig = tool.parser()
                .accepts("command-config", "Property file containing configs to be passed to the Admin client.")
                .withRequiredArg()
                .ofType(String.class);
        final OptionSpec<Void> excludeInternal =
                tool.parser().accepts("exclude-internal-topics", "Exclude internal topics.");
        final OptionSet set;

        Options(String[] args) {
            set = tool.parse(args);
        }

        String bootstrap() {
            if (set.has(bootstrapServer)) {
                return set.valueOf(bootstrapServer);
            }
            if (set.has(brokerList)) {
                return set.valueOf(brokerList);
            }
            throw new ToolException("Missing required argument --bootstrap-server");
        }

        Set<Integer> partitionIds() {
            if (!set.has(partitions)) {
                return Set.of();
            }
            var ids = new java.util.HashSet<Integer>();
            for (String id : set.valueOf(partitions).split(",")) {
                try {
                    ids.add(Integer.parseInt(id.trim()));
                } catch (NumberFormatException e) {
                    throw new ToolException("Invalid partition id '" + id + "' in --partitions");
                }
            }
            return ids;
        }

        Pattern topicPattern() {
            try {
                return Pattern.compile(set.has(topic) ? set.valueOf(topic) : ".*");
            } catch (PatternSyntaxException e) {
                throw new ToolException("Invalid --topic regular expression: " + e.getDescription());
            }
        }
    }

    /** The OffsetSpec for a {@code --time} value. */
    static OffsetSpec offsetSpec(String time) {
        return switch (time.trim()) {
            case "-1", "latest" -> OffsetSpec.latest();
            case "-2", "earliest" -> OffsetSpec.earliest();
            case "-3", "max-timestamp" -> OffsetSpec.maxTimestamp();
            default -> {
                try {
                    long timestamp = Long.parseLong(time.trim());
                    if (timestamp < 0) {
                        throw new NumberFormatException();
                    }
                    yield OffsetSpec.forTimestamp(timestamp);
                } catch (NumberFormatException e) {
                    throw new ToolException("Malformed time argument " + time
                            + ". Please use -1 or latest / -2 or earliest / -3 or max-timestamp, or a specified"
                            + " long format timestamp");
                }
            }
        };
    }

    @Override
    public int run(String[] args, ToolStreams io) throws Exception {
        var options = new Options(args);
        if (options.tool.printHelpIfRequested(args, options.set, io.out())) {
            return 0;
        }
        OffsetSpec spec = offsetSpec(options.set.valueOf(options.time));
        Set<Integer> partitionIds = options.partitionIds();
        Pattern pattern = options.topicPattern();
        var fromFile = options.set.has(options.commandConfig)
                ? ClientConfigs.load(
                        java.nio.file.Path.of(options.set.valueOf(options.commandConfig)), "--command-config")
                : new java.util.Properties();
        try (Admin admin = Admin.create(ClientConfigs.admin(options.bootstrap(), fromFile))) {
            List<String> topics = admin
                    .listTopics(new ListTopicsOptions().listInternal(!options.set.has(options.excludeInternal)))
                    .names()
                    .get()
                    .stream()
                    .filter(name -> pattern.matcher(name).matches())
                    .sorted()
                    .toList();
            var requested = new LinkedHashMap<TopicPartition, OffsetSpec>();
            if (!topics.isEmpty()) {
                Map<String, TopicDescription> descriptions =
                        admin.describeTopics(topics).allTopicNames().get();
                for (String name : topics) {
                    descriptions.get(name).partitions().stream()
                            .filter(p -> partitionIds.isEmpty() || partitionIds.contains(p.partition()))
                            .forEach(p -> requested.put(new TopicPartition(name, p.partition()), spec));
                }
            }
            if (requested.isEmpty()) {
                throw new ToolException("Could not match any topic-partitions with the specified filters");
            }
            Map<TopicPartition, ListOffsetsResultInfo> result =
                    admin.listOffsets(requested).all().get();
            var sorted = new ArrayList<>(result.entrySet());
            sorted.sort(Map.Entry.comparingByKey(
                    Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition)));
            for (var entry : sorted) {
                if (entry.getValue().offset() >= 0) {
                    io.out()
                            .println(entry.getKey().topic() + ":"
                                    + entry.getKey().partition() + ":"
                                    + entry.getValue().offset());
                }
            }
        }
        return 0;
    }
}
