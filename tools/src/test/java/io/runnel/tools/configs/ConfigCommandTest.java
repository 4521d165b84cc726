package io.runnel.tools.configs;

import java.util.List;

import io.runnel.tools.cli.ToolException;
import io.runnel.tools.cli.ToolRun;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ConfigEntry.ConfigSource;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class ConfigCommandTest {

    private static ConfigEntry configEntry(String name, String value, ConfigSource source) {
        return new ConfigEntry(name, value, source, false, false, List.of(), ConfigEntry.ConfigType.UNKNOWN, null);
    }

    @Test
    void addConfigKeepsBracketedListsTogether() {
        assertThat(ConfigCommand.parseConfigs("retention.ms=1000,cleanup.policy=[compact,delete],x=a=b"))
                .containsExactly(
                        entry("retention.ms", "1000"), entry("cleanup.policy", "compact,delete"), entry("x", "a=b"));
    }

    @Test
    void addConfigWithoutValueIsAUserError() {
        assertThatThrownBy(() -> ConfigCommand.parseConfigs("retention.ms"))
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("key=val");
    }

    @Test
    void describeLineShowsValueSensitivityAndSynonyms() {
        var synonyms = List.of(
                ConfigCommand.synonym(ConfigSource.DYNAMIC_TOPIC_CONFIG, "retention.ms", "1000"),
                ConfigCommand.synonym(ConfigSource.DEFAULT_CONFIG, "log.retention.hours", "168"));

        assertThat(ConfigCommand.entryLine("retention.ms", "1000", false, synonyms))
                .isEqualTo("retention.ms=1000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=1000,"
                        + " DEFAULT_CONFIG:log.retention.hours=168}");
    }

    @Test
    void sensitiveValueIsHidden() {
        var password = new ConfigEntry(
                "ssl.key.password",
                "secret",
                ConfigSource.DYNAMIC_BROKER_CONFIG,
                true,
                false,
                List.of(),
                ConfigEntry.ConfigType.PASSWORD,
                null);

        assertThat(ConfigCommand.entryLine(password)).isEqualTo("ssl.key.password=null sensitive=true synonyms={}");
    }

    @Test
    void describeShowsOnlyTheEntitysOwnDynamicConfigsUnlessAll() {
        var topic = new ConfigCommand.Entity(ConfigResource.Type.TOPIC, "t");
        var entries = List.of(
                configEntry("segment.bytes", "1", ConfigSource.STATIC_BROKER_CONFIG),
                configEntry("retention.ms", "2", ConfigSource.DYNAMIC_TOPIC_CONFIG));

        assertThat(ConfigCommand.shown(entries, topic, false))
                .extracting(ConfigEntry::name)
                .containsExactly("retention.ms");
        assertThat(ConfigCommand.shown(entries, topic, true))
                .extracting(ConfigEntry::name)
                .containsExactly("retention.ms", "segment.bytes");
    }

    @Test
    void headersUseKafkasWording() {
        assertThat(ConfigCommand.header(new ConfigCommand.Entity(ConfigResource.Type.TOPIC, "t"), false))
                .isEqualTo("Dynamic configs for topic t are:");
        assertThat(ConfigCommand.header(new ConfigCommand.Entity(ConfigResource.Type.BROKER, "0"), true))
                .isEqualTo("All configs for broker 0 are:");
        assertThat(ConfigCommand.header(new ConfigCommand.Entity(ConfigResource.Type.BROKER, ""), false))
                .isEqualTo("Default configs for brokers in the cluster are:");
    }

    @Test
    void shorthandsNameTheSameEntitiesAsEntityTypeAndName() {
        var byShorthand = new ConfigCommand.Options(new String[] {"--describe", "--topic", "t"}).entity();
        var byType = new ConfigCommand.Options(
                        new String[] {"--describe", "--entity-type", "topics", "--entity-name", "t"})
                .entity();
        var defaults = new ConfigCommand.Options(
                        new String[] {"--describe", "--entity-type", "brokers", "--entity-default"})
                .entity();

        assertThat(byShorthand).isEqualTo(byType);
        assertThat(defaults.isBrokerDefault()).isTrue();
        assertThat(new ConfigCommand.Options(new String[] {"--describe", "--broker-defaults"}).entity())
                .isEqualTo(defaults);
    }

    @Test
    void brokerEntityNameMustBeAnId() {
        ToolRun run = ToolRun.of(new ConfigCommand(), "--bootstrap-server", "b:1", "--describe", "--broker", "x");

        assertThat(run.errLines())
                .containsExactly("Error: The entity name for brokers must be a valid integer broker id, but it is: x");
    }

    @Test
    void alterNeedsSomethingToChange() {
        ToolRun run = ToolRun.of(new ConfigCommand(), "--bootstrap-server", "b:1", "--alter", "--topic", "t");

        assertThat(run.errLines())
                .containsExactly(
                        "Error: At least one of --add-config or --delete-config must be specified with --alter");
    }

    @Test
    void unknownEntityTypeIsAUserError() {
        ToolRun run =
                ToolRun.of(new ConfigCommand(), "--bootstrap-server", "b:1", "--describe", "--entity-type", "users");

        assertThat(run.err()).startsWith("Error: Invalid entity-type users");
    }
}
