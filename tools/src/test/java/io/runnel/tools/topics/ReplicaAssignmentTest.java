package io.runnel.tools.topics;

import java.util.List;

import io.runnel.tools.cli.ToolException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class ReplicaAssignmentTest {

    @Test
    void parsesPartitionsInOrderWithPreferredLeaderFirst() {
        var assignment = ReplicaAssignment.parse("1:2,2:3,3:1");

        assertThat(assignment.replicasByPartition())
                .containsExactly(entry(0, List.of(1, 2)), entry(1, List.of(2, 3)), entry(2, List.of(3, 1)));
        assertThat(assignment.partitionCount()).isEqualTo(3);
    }

    @Test
    void rejectsADuplicateBrokerInAPartition() {
        assertThatThrownBy(() -> ReplicaAssignment.parse("1:1"))
                .isInstanceOf(ToolException.class)
                .hasMessage("Partition replica lists may not contain duplicate entries: 1:1");
    }

    @Test
    void rejectsPartitionsWithDifferentReplicationFactors() {
        assertThatThrownBy(() -> ReplicaAssignment.parse("1:2,3"))
                .isInstanceOf(ToolException.class)
                .hasMessage("Partition 1 has different replication factor: 3");
    }

    @Test
    void rejectsANonNumericBrokerId() {
        assertThatThrownBy(() -> ReplicaAssignment.parse("1:x"))
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("'x'");
    }
}
