package io.runnel.tools.cli;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyValueArgsTest {

    @Test
    void splitsAtTheFirstEqualsSign() {
        assertThat(KeyValueArgs.parse(List.of("key.separator==", "print.key=true"), "--property"))
                .containsEntry("key.separator", "=")
                .containsEntry("print.key", "true");
    }

    @Test
    void laterEntryForTheSameKeyWins() {
        assertThat(KeyValueArgs.parse(List.of("a=1", "a=2"), "--property")).containsEntry("a", "2");
    }

    @Test
    void rejectsAnEntryWithoutValueNamingTheFlag() {
        assertThatThrownBy(() -> KeyValueArgs.parse(List.of("print.key"), "--property"))
                .isInstanceOf(ToolException.class)
                .hasMessage("Invalid entry 'print.key' for --property: expected key=value");
    }
}
