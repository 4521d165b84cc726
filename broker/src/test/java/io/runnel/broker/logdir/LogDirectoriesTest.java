package io.runnel.broker.logdir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogDirectoriesTest {

    @TempDir
    Path root;

    @Test
    void createsMissingDirsAndTheirLockFiles() {
        Path dir = root.resolve("a/b");

        try (var dirs = LogDirectories.lock(List.of(dir))) {
            assertThat(dir.resolve(".lock")).exists();
            assertThat(dirs.dirs()).containsExactly(dir);
        }
    }

    @Test
    void secondLockOfSameDirFailsNamingTheDir() {
        Path dir = root.resolve("logs");
        try (var first = LogDirectories.lock(List.of(dir))) {
            assertThatThrownBy(() -> LogDirectories.lock(List.of(dir)))
                    .isInstanceOf(LogDirException.class)
                    .hasMessageContaining(dir.toString())
                    .hasMessageContaining("in use by another broker");
        }
    }

    @Test
    void closingReleasesTheLock() {
        Path dir = root.resolve("logs");
        LogDirectories.lock(List.of(dir)).close();

        try (var again = LogDirectories.lock(List.of(dir))) {
            assertThat(again.dirs()).containsExactly(dir);
        }
    }

    @Test
    void failedLockReleasesLocksAlreadyTaken() {
        Path free = root.resolve("free");
        Path busy = root.resolve("busy");
        try (var holder = LogDirectories.lock(List.of(busy))) {
            assertThatThrownBy(() -> LogDirectories.lock(List.of(free, busy))).isInstanceOf(LogDirException.class);
        }

        try (var again = LogDirectories.lock(List.of(free))) {
            assertThat(again.dirs()).containsExactly(free);
        }
    }

    @Test
    void writesMetaPropertiesOnlyWhereMissingOrDifferent() throws Exception {
        Path a = root.resolve("a");
        Path b = root.resolve("b");
        try (var dirs = LogDirectories.lock(List.of(a, b))) {
            var meta = new MetaProperties(3, Optional.of("cid"));
            meta.write(a);
            var untouched = java.nio.file.attribute.FileTime.fromMillis(0);
            Files.setLastModifiedTime(a.resolve(MetaProperties.FILE_NAME), untouched);

            dirs.writeMetaProperties(meta);

            assertThat(dirs.readMetaProperties().values()).containsOnly(Optional.of(meta));
            assertThat(Files.getLastModifiedTime(a.resolve(MetaProperties.FILE_NAME)))
                    .isEqualTo(untouched);
        }
    }
}
