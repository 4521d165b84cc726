package io.runnel.broker.api.admin;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import io.runnel.broker.metadata.BrokerSettings;
import io.runnel.broker.metadata.ClusterMetadata;
import io.runnel.broker.metadata.ConfigEntity;
import io.runnel.broker.metadata.TopicConfigSynonyms;
import io.runnel.storage.LogConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType;

/**
 * Resolves the value and source of every topic and broker config the way Kafka's DescribeConfigs reports them.
 * A topic config comes, in precedence order, from the topic override (TOPIC_CONFIG), the broker's dynamic
 * per-broker config (DYNAMIC_BROKER_CONFIG), the cluster-wide dynamic default (DYNAMIC_DEFAULT_BROKER_CONFIG), the
 * server properties (STATIC_BROKER_CONFIG), else the definition's default (DEFAULT_CONFIG); the synonyms list
 * every level that has a value, highest first.
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

    private final BrokerSettings settings;

    ConfigDescriber(BrokerSettings settings) {
        this.settings = settings;
    }

    /** Every topic config of {@code topic}, or only {@code keys} when not null. */
    List<Entry> describeTopic(ClusterMetadata metadata, String topic, Collection<String> keys) {
        Map<String, String> overrides = metadata.topicConfig(topic);
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
            for (TopicConfigSynonyms.BrokerSynonym synonym : TopicConfigSynonyms.brokerSynonyms(name)) {
                brokerLevels(metadata, synonym.name())
                        .forEach(s -> synonyms.add(new Synonym(
                                s.name(), TopicConfigSynonyms.toTopicValue(synonym, s.value()), s.source())));
            }
            String defaultValue = key.hasDefault() ? ConfigDef.convertToString(key.defaultValue, key.type) : null;
            synonyms.add(new Synonym(
                    TopicConfigSynonyms.brokerSynonyms(name).stream()
                            .findFirst()
                            .map(TopicConfigSynonyms.BrokerSynonym::name)
                            .orElse(name),
                    defaultValue,
                    ConfigSource.DEFAULT_CONFIG));
            Synonym winner = synonyms.get(0);
            entries.add(
                    new Entry(name, winner.value(), winner.source(), false, typeOf(key), key.documentation, synonyms));
        }
        return entries;
    }

    /**
     * Configs of this broker (all levels) or, for {@link ConfigEntity#DEFAULT_BROKER}, only the cluster-wide
     * dynamic defaults, as Kafka answers a broker resource with an empty name.
     */
    List<Entry> describeBroker(ClusterMetadata metadata, String entity, Collection<String> keys) {
        TreeSet<String> names = new TreeSet<>();
        if (entity.equals(ConfigEntity.DEFAULT_BROKER)) {
            names.addAll(metadata.brokerConfig(ConfigEntity.DEFAULT_BROKER).keySet());
        } else {
            names.addAll(settings.defaultConfigs().keySet());
            names.addAll(settings.staticConfigs().keySet());
            names.addAll(metadata.brokerConfig(ConfigEntity.DEFAULT_BROKER).keySet());
            names.addAll(metadata.brokerConfig(entity).keySet());
        }
        List<Entry> entries = new ArrayList<>();
        for (String name : names) {
            if (keys != null && !keys.contains(name)) {
                continue;
            }
            List<Synonym> synonyms = entity.equals(ConfigEntity.DEFAULT_BROKER)
                    ? List.of(new Synonym(
                            name,
                            metadata.brokerConfig(ConfigEntity.DEFAULT_BROKER).get(name),
                            ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG))
                    : brokerLevels(metadata, name);
            if (synonyms.isEmpty()) {
                continue;
            }
            Optional<String> topicConfig = TopicConfigSynonyms.topicConfigFor(name);
            ConfigDef.ConfigKey key = topicConfig
                    .map(t -> LogConfig.CONFIG_DEF.configKeys().get(t))
                    .orElse(null);
            boolean dynamic = topicConfig.isPresent()
                    || metadata.brokerConfig(ConfigEntity.DEFAULT_BROKER).containsKey(name)
                    || metadata.brokerConfig(Integer.toString(settings.brokerId()))
                            .containsKey(name);
            Synonym winner = synonyms.get(0);
            entries.add(new Entry(
                    name,
                    winner.value(),
                    winner.source(),
                    !dynamic,
                    key == null ? ConfigType.UNKNOWN : typeOf(key),
                    null,
                    synonyms));
        }
        return entries;
    }

    /** The levels of a broker config that have a value on this broker, highest precedence first. */
    private List<Synonym> brokerLevels(ClusterMetadata metadata, String name) {
        List<Synonym> levels = new ArrayList<>();
        String perBroker =
                metadata.brokerConfig(Integer.toString(settings.brokerId())).get(name);
        if (perBroker != null) {
            levels.add(new Synonym(name, perBroker, ConfigSource.DYNAMIC_BROKER_CONFIG));
        }
        String clusterDefault =
                metadata.brokerConfig(ConfigEntity.DEFAULT_BROKER).get(name);
        if (clusterDefault != null) {
            levels.add(new Synonym(name, clusterDefault, ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG));
        }
        String configured = settings.staticConfigs().get(name);
        if (configured != null) {
            levels.add(new Synonym(name, configured, ConfigSource.STATIC_BROKER_CONFIG));
        }
        String defaultValue = settings.defaultConfigs().get(name);
        if (defaultValue != null) {
            levels.add(new Synonym(name, defaultValue, ConfigSource.DEFAULT_CONFIG));
        }
        return levels;
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
