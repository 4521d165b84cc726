package io.runnel.broker;

import java.nio.file.Path;
import java.util.Map;

import io.runnel.broker.server.BrokerStartupException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerArgumentsTest {

    @Test
    void parsesConfigFileAndOverrides() {
        var args = ServerArguments.parse(
                "config/server.properties", "--override", "broker.id=3", "--override", "log.dirs=/a,/b");

        assertThat(args.configFile()).isEqualTo(Path.of("config/server.properties"));
        assertThat(args.overrides()).containsExactly(Map.entry("broker.id", "3"), Map.entry("log.dirs", "/a,/b"));
    }

    @Test
    void overrideValueMayContainEqualsSign() {
        var args = ServerArguments.parse("s.properties", "--override", "advertised.listeners=A=B");

        assertThat(args.overrides()).containsEntry("advertised.listeners", "A=B");
    }

    @Test
    void laterOverrideOfSameKeyWins() {
        var args = ServerArguments.parse(
                "s.properties", "--override", "num.partitions=2", "--override", "num.partitions=4");

        assertThat(args.overrides()).containsExactly(Map.entry("num.partitions", "4"));
    }

    @Test
    void noArgumentsPrintsUsage() {
        assertThatThrownBy(ServerArguments::parse)
                .isInstanceOf(BrokerStartupException.class)
                .hasMessageStartingWith("usage:");
    }

    @Test
    void overrideWithoutEqualsSignIsRejected() {
        assertThatThrownBy(() -> ServerArguments.parse("s.properties", "--override", "broker.id"))
                .isInstanceOf(BrokerStartupException.class)
                .hasMessage("invalid --override 'broker.id': expected property=value");
    }

    @Test
    void overrideWithEmptyKeyIsRejected() {
        assertThatThrownBy(() -> ServerArguments.parse("s.properties", "--override", "=3"))
                .isInstanceOf(BrokerStartupException.class)
                .hasMessageContaining("expected property=value");
    }

    @Test
    void danglingOverrideIsRejected() {
        assertThatThrownBy(() -> ServerArguments.parse("s.properties", "--override"))
                .isInstanceOf(BrokerStartupException.class)
                .hasMessageContaining("--override needs a property=value");
    }

    @Test
    void unknownArgumentIsRejected() {
        assertThatThrownBy(() -> ServerArguments.parse("s.properties", "--verbose"))
                .isInstanceOf(BrokerStartupException.class)
                .hasMessageContaining("unexpected argument '--verbose'");
    }

    @Test
    void optionInPlaceOfConfigFileIsRejected() {
        assertThatThrownBy(() -> ServerArguments.parse("--override", "a=b"))
                .isInstanceOf(BrokerStartupException.class)
                .hasMessageContaining("first argument must be the config file");
    }
}
