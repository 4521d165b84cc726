package io.runnel.tools.configs;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;

import io.runnel.tools.cli.AdminFlags;
import io.runnel.tools.cli.Tool;
import io.runnel.tools.cli.ToolException;
import io.runnel.tools.cli.ToolLauncher;
import io.runnel.tools.cli.ToolOptions;
import io.runnel.tools.cli.ToolStreams;
import joptsimple.OptionSet;
import joptsimple.OptionSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * {@code runnel-configs.sh}: Kafka's {@code kafka-configs.sh} for topic and broker configs: describe (dynamic
 * configs, or all with {@code --all}) and alter ({@code --add-config}, {@code --delete-config}) through
 * IncrementalAlterConfigs. {@code --topic}, {@code --broker} and {@code --broker-defaults} are Kafka 3's shorthands
 * for {@code --entity-type}/{@code --entity-name}/{@code --entity-default}.
 */
public final class ConfigCommand implements Tool {

    /** Commas separate configs, except inside [brackets], which hold a list value ({@code a=[x,y]}). */
    private static final Pattern CONFIG_SEPARATOR = Pattern.compile(",(?=[^\\]]*(?:\\[|$))");

    public static void main(String[] args) {
        ToolLauncher.main(new ConfigCommand(), args);
    }

    /** Which config holder a command is about. */
    record Entity(ConfigResource.Type type, String name) {

        boolean isBrokerDefault() {
            return type == ConfigResource.Type.BROKER && name.isEmpty();
        }

        /** Kafka's wording: {@code topic t}, {@code broker 0}, {@code brokers in the cluster} for the default. */
        String describe() {
            if (isBrokerDefault()) {
                return "brokers in the cluster";
            }
            return (type == ConfigResource.Type.TOPIC ? "topic " : "broker ") + name;
        }
    }

    static final class Options {
        final ToolOptions tool = new ToolOptions("Add, delete or describe topic and broker configs."
                + " Usage: runnel-configs.sh --bootstrap-server HOST:PORT (--describe | --alter)"
                + " (--topic NAME | --broker ID | --broker-defaults | --entity-type topics|brokers"
                + " (--entity-name NAME | --entity-default)) [--add-config k=v,...] [--delete-config k,...]");
        final AdminFlags admin = new AdminFlags(tool.parser());
        final OptionSpec<Void> describe = tool.parser().accepts("describe", "List configs for the given entity.");
        final OptionSpec<Void> alter = tool.parser().accepts("alter", "Alter the configuration of the entity.");
        final OptionSpec<String> entityType = tool.parser()
                .accepts("entity-type", "Type of entity (topics/brokers).")
                .withRequiredArg()
                .ofType(String.class);
        final OptionSpec<String> entityName = tool.parser()
                .accepts("entity-name", "Name of entity (topic name/broker id).")
                .withRequiredArg()
                .ofType(String.class);
        final OptionSpec<Void> entityDefault =
                tool.parser().accepts("entity-default", "Default entity name for brokers (applies to all brokers).");
        final OptionSpec<String> topic = tool.parser()
                .accepts("topic", "The topic's name; same as --entity-type topics --entity-name <name>.")
                .withRequiredArg()
                .ofType(String.class);
        final OptionSpec<String> broker = tool.parser()
                .accepts("broker", "The broker's id; same as --entity-type brokers --entity-name <id>.")
                .withRequiredArg()
                .ofType(String.class);
        final OptionSpec<Void> brokerDefaults = tool.parser()
                .accepts(
                        "broker-defaults",
                        "The config defaults for all brokers; same as --entity-type brokers" + " --entity-default.");
        final OptionSpec<String> addConfig = tool.parser()
                .accepts(
                        "add-config",
                        "Key Value pairs of configs to add, k1=v1,k2=[v1,v2,v2],k3=v3 (square brackets for a list"
                                + " value).")
                .withRequiredArg()
                .ofType(String.class);
        final OptionSpec<String> deleteConfig = tool.parser()
                .accepts("delete-config", "Config keys to remove, k1,k2.")
                .withRequiredArg()
                .withValuesSeparatedBy(',')
                .ofType(String.class);
        final OptionSpec<Void> all = tool.parser()
                .accepts("all", "With --describe: all configs, not only the dynamic ones set for the entity.");

        final OptionSet set;
        final OptionSpec<?> action;

        Options(String[] args) {
            set = tool.parse(args);
            action = args.length == 0 || set.has("help") ? null : ToolOptions.exactlyOne(set, describe, alter);
            if (action != null) {
                ToolOptions.refuseWith(set, all, alter);
                ToolOptions.refuseWith(set, addConfig, describe);
                ToolOptions.refuseWith(set, deleteConfig, describe);
                if (action == alter && !set.has(addConfig) && !set.has(deleteConfig)) {
                    throw new ToolException(
                            "At least one of --add-config or --delete-config must be specified" + " with --alter");
                }
            }
        }

        /** The entities named; an empty name for a type means "every entity of it" (describe only). */
        Entity entity() {
            int forms = (set.has(entityType) ? 1 : 0)
                    + (set.has(topic) ? 1 : 0)
                    + (set.has(broker) ? 1 : 0)
                    + (set.has(brokerDefaults) ? 1 : 0);
            if (forms != 1) {
                throw new ToolException(
                        "Exactly one entity must be specified: --entity-type, --topic, --broker or --broker-defaults");
            }
            if (set.has(topic)) {
                return new Entity(ConfigResource.Type.TOPIC, set.valueOf(topic));
            }
            if (set.has(broker)) {
                return new Entity(ConfigResource.Type.BROKER, brokerId(set.valueOf(broker)));
            }
            if (set.has(brokerDefaults)) {
                return new Entity(ConfigResource.Type.BROKER, "");
            }
            ConfigResource.Type type =
                    switch (set.valueOf(entityType)) {
                        case "topics" -> ConfigResource.Type.TOPIC;
                        case "brokers" -> ConfigResource.Type.BROKER;
                        default ->
                            throw new ToolException("Invalid entity-type " + set.valueOf(entityType)
                                    + ", --entity-type must be one of [topics, brokers]");
                    };
            ToolOptions.refuseWith(set, entityName, entityDefault);
            if (set.has(entityDefault)) {
                if (type != ConfigResource.Type.BROKER) {
                    throw new ToolException("--entity-default is only valid with --entity-type brokers");
                }
                return new Entity(type, "");
            }
            if (!set.has(entityName)) {
                if (action == alter) {
                    throw new ToolException("--entity-name or --entity-default must be specified with --alter");
                }
                return new Entity(type, null);
            }
            String name = set.valueOf(entityName);
            return new Entity(type, type == ConfigResource.Type.BROKER ? brokerId(name) : name);
        }

        private static String brokerId(String name) {
            try {
                Integer.parseInt(name);
                return name;
            } catch (NumberFormatException e) {
                throw new ToolException(
                        "The entity name for brokers must be a valid integer broker id, but it is: " + name);
            }
        }
    }

    @Override
    public int run(String[] args, ToolStreams io) throws Exception {
        var options = new Options(args);
        if (options.tool.printHelpIfRequested(args, options.set, io.out())) {
            return 0;
        }
        Entity entity = options.entity();
        try (Admin admin = options.admin.connect(options.set)) {
            if (options.action == options.describe) {
                describe(admin, entity, options.set.has(options.all), io.out());
            } else {
                alter(admin, entity, options, io.out());
            }
        }
        return 0;
    }

    private static void describe(Admin admin, Entity entity, boolean all, PrintStream out) throws Exception {
        List<Entity> entities = new ArrayList<>();
        if (entity.name() != null) {
            entities.add(entity);
        } else if (entity.type() == ConfigResource.Type.TOPIC) {
            admin.listTopics().names().get().stream()
                    .sorted()
                    .forEach(t -> entities.add(new Entity(ConfigResource.Type.TOPIC, t)));
        } else {
            admin.describeCluster().nodes().get().stream()
                    .map(Node::id)
                    .sorted()
                    .forEach(id -> entities.add(new Entity(ConfigResource.Type.BROKER, Integer.toString(id))));
            entities.add(new Entity(ConfigResource.Type.BROKER, ""));
        }
        for (Entity e : entities) {
            Config config = describeConfigs(admin, e);
            out.println(header(e, all));
            for (ConfigEntry entry : shown(config.entries(), e, all)) {
                out.println("  " + entryLine(entry));
            }
        }
    }

    private static Config describeConfigs(Admin admin, Entity entity) throws Exception {
        var resource = new ConfigResource(entity.type(), entity.name());
        try {
            return admin.describeConfigs(List.of(resource), new DescribeConfigsOptions().includeSynonyms(true))
                    .all()
                    .get()
                    .get(resource);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new ToolException("Topic '" + entity.name() + "' does not exist");
            }
            throw e;
        }
    }

    static String header(Entity entity, boolean all) {
        if (entity.isBrokerDefault()) {
            return (all ? "All" : "Default") + " configs for brokers in the cluster are:";
        }
        return (all ? "All" : "Dynamic") + " configs for " + entity.describe() + " are:";
    }

    /** The entries to show: all, or only those set dynamically on this very entity (Kafka's default view). */
    static List<ConfigEntry> shown(Collection<ConfigEntry> entries, Entity entity, boolean all) {
        ConfigEntry.ConfigSource own = entity.type() == ConfigResource.Type.TOPIC
                ? ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG
                : entity.isBrokerDefault()
                        ? ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG
                        : ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG;
        return entries.stream()
                .filter(entry -> all || entry.source() == own)
                .sorted(Comparator.comparing(ConfigEntry::name))
                .toList();
    }

    /** {@code name=value sensitive=false synonyms={SOURCE:name=value, ...}}, Kafka's describe line. */
    static String entryLine(ConfigEntry entry) {
        return entryLine(
                entry.name(),
                entry.value(),
                entry.isSensitive(),
                entry.synonyms().stream()
                        .map(s -> synonym(s.source(), s.name(), s.value()))
                        .toList());
    }

    static String entryLine(String name, String value, boolean sensitive, List<String> synonyms) {
        return name + "=" + (sensitive ? null : value) + " sensitive=" + sensitive + " synonyms={"
                + String.join(", ", synonyms) + "}";
    }

    static String synonym(ConfigEntry.ConfigSource source, String name, String value) {
        return source + ":" + name + "=" + value;
    }

    private static void alter(Admin admin, Entity entity, Options options, PrintStream out) throws Exception {
        var ops = new ArrayList<AlterConfigOp>();
        for (String text : options.set.valuesOf(options.addConfig)) {
            parseConfigs(text)
                    .forEach((name, value) ->
                            ops.add(new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET)));
        }
        for (String name : options.set.valuesOf(options.deleteConfig)) {
            ops.add(new AlterConfigOp(new ConfigEntry(name.trim(), ""), AlterConfigOp.OpType.DELETE));
        }
        if (entity.type() == ConfigResource.Type.TOPIC) {
            // Kafka checks first, so that a typo in the topic name is not reported as a broker error.
            describeConfigs(admin, entity);
        }
        var resource = new ConfigResource(entity.type(), entity.name());
        admin.incrementalAlterConfigs(Map.of(resource, ops)).all().get();
        if (entity.isBrokerDefault()) {
            out.println("Completed updating default config for brokers in the cluster.");
        } else {
            out.println("Completed updating config for " + entity.describe() + ".");
        }
    }

    /**
     * Parses {@code --add-config}: {@code k1=v1,k2=[a,b]}; brackets hold a list value and are dropped.
     *
     * @throws ToolException for an entry without {@code =}
     */
    static Map<String, String> parseConfigs(String text) {
        var result = new LinkedHashMap<String, String>();
        for (String entry : CONFIG_SEPARATOR.split(text)) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new ToolException(
                        "Invalid entity config: all configs to be added must be in the format \"key=val\".");
            }
            String value = entry.substring(eq + 1).trim();
            if (value.startsWith("[") && value.endsWith("]")) {
                value = value.substring(1, value.length() - 1);
            }
            result.put(entry.substring(0, eq).trim(), value);
        }
        return result;
    }
}
