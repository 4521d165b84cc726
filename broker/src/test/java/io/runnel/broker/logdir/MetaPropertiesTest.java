package io.runnel.broker.logdir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetaPropertiesTest {

    @TempDir
    Path dir;

    @Test
    void roundTripsBrokerIdAndClusterId() {
        var meta = new MetaProperties(5, Optional.of("abcDEF123"));

        meta.write(dir);

        assertThat(MetaProperties.read(dir)).contains(meta);
        assertThat(dir.resolve("meta.properties.tmp")).doesNotExist();
    }

    @Test
    void writesKafkasVersionZeroKeys() throws Exception {
        new MetaProperties(5, Optional.of("cid")).write(dir);

        assertThat(Files.readAllLines(dir.resolve("meta.properties")))
                .contains("version=0", "broker.id=5", "cluster.id=cid");
    }

    @Test
    void readsKafkaFileWithoutClusterId() throws Exception {
        Files.writeString(dir.resolve("meta.properties"), "#\nversion=0\nbroker.id=2\n");

        assertThat(MetaProperties.read(dir)).contains(new MetaProperties(2, Optional.empty()));
    }

    @Test
    void missingFileReadsAsEmpty() {
        assertThat(MetaProperties.read(dir)).isEmpty();
    }

    @Test
    void kraftVersionIsRefused() throws Exception {
        Files.writeString(dir.resolve("meta.properties"), "version=1\nnode.id=1\ncluster.id=x\n");

        assertThatThrownBy(() -> MetaProperties.read(dir))
                .isInstanceOf(LogDirException.class)
                .hasMessageContaining("version=1")
                .hasMessageContaining(dir.toString());
    }

    @Test
    void nonNumericBrokerIdIsRefused() throws Exception {
        Files.writeString(dir.resolve("meta.properties"), "version=0\nbroker.id=one\n");

        assertThatThrownBy(() -> MetaProperties.read(dir))
                .isInstanceOf(LogDirException.class)
                .hasMessageContaining("broker.id=one");
    }
}
