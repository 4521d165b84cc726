package io.runnel.broker.server;

import java.util.ArrayDeque;
import java.util.List;
import java.util.stream.LongStream;

import io.runnel.broker.metadata.ProducerIdBlock;
import io.runnel.broker.zk.ZkUnavailableException;
import org.apache.kafka.common.errors.CoordinatorLoadInProgressException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BlockProducerIdSourceTest {

    @Test
    void handsOutEveryIdOfABlockThenMovesToTheNextBlock() {
        var blocks = new ArrayDeque<>(List.of(new ProducerIdBlock(0, 0, 2), new ProducerIdBlock(0, 10, 11)));
        var source = new BlockProducerIdSource(blocks::removeFirst);

        long[] ids = LongStream.range(0, 5).map(i -> source.nextProducerId()).toArray();

        assertThat(ids).containsExactly(0, 1, 2, 10, 11);
    }

    @Test
    void unreachableZooKeeperIsARetriableError() {
        var source = new BlockProducerIdSource(() -> {
            throw new ZkUnavailableException("connection loss");
        });

        assertThatThrownBy(source::nextProducerId).isInstanceOf(CoordinatorLoadInProgressException.class);
    }
}
