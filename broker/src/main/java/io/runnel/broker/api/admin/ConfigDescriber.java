package io.runnel.broker.api.admin;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.runnel.broker.config.BrokerConfig;
import io.runnel.broker.config.DynamicBrokerConfig;
import io.runnel.broker.config.TopicConfigSynonyms;
import io.runnel.broker.metadata.ConfigEntity;
import io.runnel.storage.LogConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType;

/**
 * Resolves the value, source and synonyms of every topic and broker config the way Kafka's DescribeConfigs reports
 * them, from the live {@link BrokerConfig}. A topic config comes, in precedence order, from the topic override
 * (TOPIC_CONFIG), then its broker synonyms at each level: this broker's dynamic config (DYNAMIC_BROKER_CONFIG), the
 * cluster-wide dynamic default (DYNAMIC_DEFAULT_BROKER_CONFIG), the server properties (STATIC_BROKER_CONFIG), else
 * the definition's default (DEFAULT_CONFIG). Synonyms list every level that has a value, highest first, level by
 * level and within a level in synonym order ({@code log.retention.ms}, {@code .minutes}, {@code .hours}), with the
 * broker's own values and units, as Kafka lists them.
 */
final class ConfigDescriber {

    /** One resolved config. {@code synonyms} includes the winning entry itself, as in Kafka. */
    record Entry(
            String name,
            String value,
            ConfigSource source,
            boolean readOnly,
            ConfigType type,
            String documentation,
            List<Synonym> synonyms) {}

    record Synonym(String name, String value, ConfigSource source) {}

    private final DynamicBrokerConfig brokerConfig;

    ConfigDescriber(DynamicBrokerConfig brokerConfig) {
        this.brokerConfig = brokerConfig;
    }

    /** Every topic config of a topic with {@code overrides}, or only {@code keys} when not null. */
    List<Entry> describeTopic(Map<String, String> overrides, Collection<String> keys) {
        BrokerConfig config = brokerConfig.current();
        Map<String, ?> defaults = config.topicDefaults().values();
        List<Entry> entries = new ArrayList<>();
        for (String name : new TreeSet<>(LogConfig.names())) {
            if (keys != null && !keys.contains(name)) {
                continue;
            }
            ConfigDef.ConfigKey key = LogConfig.CONFIG_DEF.configKeys().get(name);
            List<Synonym> synonyms = new ArrayList<>();
            if (overrides.containsKey(name)) {
                synonyms.add(new Synonym(name, overrides.get(name), ConfigSource.TOPIC_CONFIG));
            }
            List<String> brokerNames = TopicConfigSynonyms.brokerSynonyms(name).stream()
                    .map(TopicConfigSynonyms.Synonym::brokerName)
                    .toList();
            synonyms.addAll(levels(config, brokerNames));
            String value = overrides.containsKey(name)
                    ? overrides.get(name)
                    : ConfigDef.convertToString(defaults.get(name), key.type);
            ConfigSource source = synonyms.isEmpty()
                    ? ConfigSource.DEFAULT_CONFIG
                    : synonyms.getFirst().source();
            entries.add(new Entry(name, value, source, false, typeOf(key), key.documentation, synonyms));
        }
        return entries;
    }

    /**
     * Configs of this broker (every defined one and any custom one set) or, for the cluster-wide default entity,
     * only those set there, as Kafka answers a broker resource with an empty name.
     */
    List<Entry> describeBroker(String entity, Collection<String> keys) {
        BrokerConfig config = brokerConfig.current();
        boolean clusterDefault = entity.equals(ConfigEntity.DEFAULT_BROKER);
        TreeSet<String> names = new TreeSet<>(config.dynamicClusterDefaults().keySet());
        if (!clusterDefault) {
            names.addAll(BrokerConfig.names());
            names.addAll(config.staticProps().keySet());
            names.addAll(config.dynamicPerBroker().keySet());
        }
        List<Entry> entries = new ArrayList<>();
        for (String name : names) {
            if (keys != null && !keys.contains(name)) {
                continue;
            }
            ConfigDef.ConfigKey key = BrokerConfig.CONFIG_DEF.configKeys().get(name);
            List<Synonym> synonyms = levels(config, brokerSynonyms(name)).stream()
                    .filter(s -> !clusterDefault || s.source() == ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG)
                    .dropWhile(s -> !s.name().equals(name))
                    .toList();
            String value;
            ConfigSource source;
            if (clusterDefault) {
                value = asString(name, config.dynamicClusterDefaults().get(name));
                source = ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG;
            } else {
                value = key == null ? asString(name, config.staticProps().get(name)) : asString(name, config.get(name));
                source = config.source(name);
            }
            entries.add(new Entry(
                    name,
                    value,
                    source,
                    !BrokerConfig.isDynamic(name),
                    key == null ? ConfigType.UNKNOWN : typeOf(key),
                    key == null ? null : key.documentation,
                    synonyms));
        }
        return entries;
    }

    /**
     * A broker config's synonyms as Kafka's {@code brokerConfigSynonyms} has them: the unit variants of one setting
     * ({@code log.retention.ms}, {@code .minutes}, {@code .hours}); {@code log.flush.interval.ms} falls back to
     * {@code log.flush.scheduler.interval.ms}, which itself stands alone.
     */
    private static List<String> brokerSynonyms(String name) {
        if (name.equals(BrokerConfig.LOG_FLUSH_SCHEDULER_INTERVAL_MS)) {
            return List.of(name);
        }
        return TopicConfigSynonyms.topicConfigFor(name)
                .map(topicConfig -> TopicConfigSynonyms.brokerSynonyms(topicConfig).stream()
                        .map(TopicConfigSynonyms.Synonym::brokerName)
                        .toList())
                .orElse(List.of(name));
    }

    /** The levels at which {@code names} have a value on this broker, highest precedence first. */
    private static List<Synonym> levels(BrokerConfig config, List<String> names) {
        List<Synonym> levels = new ArrayList<>();
        addLevel(levels, names, config.dynamicPerBroker(), ConfigSource.DYNAMIC_BROKER_CONFIG);
        addLevel(levels, names, config.dynamicClusterDefaults(), ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);
        addLevel(levels, names, config.staticProps(), ConfigSource.STATIC_BROKER_CONFIG);
        for (String name : names) {
            ConfigDef.ConfigKey key = BrokerConfig.CONFIG_DEF.configKeys().get(name);
            if (key != null && key.hasDefault() && key.defaultValue != null) {
                levels.add(new Synonym(
                        name, ConfigDef.convertToString(key.defaultValue, key.type), ConfigSource.DEFAULT_CONFIG));
            }
        }
        return levels;
    }

    private static void addLevel(
            List<Synonym> levels, List<String> names, Map<String, Object> layer, ConfigSource source) {
        for (String name : names) {
            Object value = layer.get(name);
            if (value != null) {
                levels.add(new Synonym(name, asString(name, value), source));
            }
        }
    }

    /** A config value as text: as given when it is text, else formatted for the config's type. */
    private static String asString(String name, Object value) {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        ConfigDef.ConfigKey key = BrokerConfig.CONFIG_DEF.configKeys().get(name);
        return key == null ? value.toString() : ConfigDef.convertToString(value, key.type);
    }

    private static ConfigType typeOf(ConfigDef.ConfigKey key) {
        return switch (key.type) {
            case BOOLEAN -> ConfigType.BOOLEAN;
            case STRING -> ConfigType.STRING;
            case INT -> ConfigType.INT;
            case SHORT -> ConfigType.SHORT;
            case LONG -> ConfigType.LONG;
            case DOUBLE -> ConfigType.DOUBLE;
            case LIST -> ConfigType.LIST;
            case CLASS -> ConfigType.CLASS;
            case PASSWORD -> ConfigType.PASSWORD;
        };
    }
}
