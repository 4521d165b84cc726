package io.runnel.broker.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DynamicBrokerConfigTest {

    private final DynamicBrokerConfig config =
            new DynamicBrokerConfig(BrokerConfig.fromProps(Map.of("log.retention.hours", "2")));
    private final List<BrokerConfig> notified = new ArrayList<>();

    @Test
    void startsAsTheStaticConfig() {
        assertThat(config.current()).isSameAs(config.staticConfig());
        assertThat(config.current().topicDefaults().retentionMs()).isEqualTo(2 * 3600_000L);
    }

    @Test
    void updateLayersPerBrokerOverClusterDefaultOverStatic() {
        config.update(
                Map.of("log.retention.ms", "1000", "log.segment.bytes", "2048"), Map.of("log.retention.ms", "500"));

        BrokerConfig current = config.current();
        assertThat(current.topicDefaults().retentionMs()).isEqualTo(500L);
        assertThat(current.topicDefaults().segmentBytes()).isEqualTo(2048);
        assertThat(current.source("log.retention.ms")).isEqualTo(ConfigSource.DYNAMIC_BROKER_CONFIG);
        assertThat(current.source("log.segment.bytes")).isEqualTo(ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);
        assertThat(current.source("log.retention.hours")).isEqualTo(ConfigSource.STATIC_BROKER_CONFIG);
    }

    @Test
    void reconfigurablesReceiveEveryNewConfig() {
        config.addReconfigurable(notified::add);

        config.update(Map.of(), Map.of("log.retention.ms", "500"));
        config.update(Map.of(), Map.of());

        assertThat(notified).hasSize(2);
        assertThat(notified.get(0).topicDefaults().retentionMs()).isEqualTo(500L);
        assertThat(notified.get(1).topicDefaults().retentionMs()).isEqualTo(2 * 3600_000L);
    }

    @Test
    void unchangedEntriesNotifyNobody() {
        config.update(Map.of(), Map.of("log.retention.ms", "500"));
        config.addReconfigurable(notified::add);

        config.update(Map.of(), Map.of("log.retention.ms", "500"));

        assertThat(notified).isEmpty();
    }

    @Test
    void removedReconfigurableIsNoLongerNotified() {
        Consumer<BrokerConfig> reconfigurable = notified::add;
        config.addReconfigurable(reconfigurable);

        config.removeReconfigurable(reconfigurable);
        config.update(Map.of(), Map.of("log.retention.ms", "500"));

        assertThat(notified).isEmpty();
    }

    @Test
    void failingReconfigurableDoesNotStopTheOthers() {
        config.addReconfigurable(c -> {
            throw new IllegalStateException("boom");
        });
        config.addReconfigurable(notified::add);

        config.update(Map.of(), Map.of("log.retention.ms", "500"));

        assertThat(notified).hasSize(1);
        assertThat(config.current().topicDefaults().retentionMs()).isEqualTo(500L);
    }

    @Test
    void storedEntriesThatCannotApplyAreIgnored() {
        config.update(
                Map.of("num.partitions", "9", "advertised.listeners", "PLAINTEXT://h:9092", "my.plugin", "x"),
                Map.of("broker.id", "7", "log.retention.ms", "500"));

        BrokerConfig current = config.current();
        assertThat(current.dynamicClusterDefaults()).isEmpty();
        assertThat(current.dynamicPerBroker()).isEqualTo(Map.of("log.retention.ms", "500"));
        assertThat(current.numPartitions()).isEqualTo(1);
    }

    @Test
    void invalidStoredValuesKeepThePreviousConfig() {
        config.update(Map.of(), Map.of("log.retention.ms", "500"));
        config.addReconfigurable(notified::add);
        BrokerConfig before = config.current();

        config.update(Map.of(), Map.of("log.segment.bytes", "not-a-number"));

        assertThat(config.current()).isSameAs(before);
        assertThat(notified).isEmpty();
    }

    @Test
    void validateRejectsReadOnlyConfigsWithKafkasWording() {
        assertThatThrownBy(() -> config.validate(Map.of("num.partitions", "3", "broker.id", "2"), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Cannot update these configs dynamically")
                .hasMessageContaining("[broker.id, num.partitions]");
    }

    @Test
    void validateRejectsPerBrokerConfigsInTheClusterDefault() {
        assertThatThrownBy(() -> config.validate(Map.of("advertised.listeners", "PLAINTEXT://h:9092"), true))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("broker id must be specified");
    }

    @Test
    void validateRejectsInvalidValues() {
        assertThatThrownBy(() -> config.validate(Map.of("log.retention.ms", "forever"), true))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("log.retention.ms");
    }

    @Test
    void validateAcceptsDynamicAndCustomConfigs() {
        config.validate(Map.of("log.retention.ms", "100", "my.plugin.setting", "x"), true);
        config.validate(Map.of("advertised.listeners", "PLAINTEXT://h:9092"), false);

        assertThat(config.current()).isSameAs(config.staticConfig());
    }

    @Test
    void aConfigWithDynamicLayersIsNoStaticConfig() {
        BrokerConfig layered = BrokerConfig.fromProps(Map.of()).withOverrides(Map.of("log.retention.ms", "1"));

        assertThatThrownBy(() -> new DynamicBrokerConfig(layered)).isInstanceOf(IllegalArgumentException.class);
    }
}
