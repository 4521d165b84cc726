package io.runnel.storage.segment;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import io.runnel.storage.segment.TransactionIndex.AbortedTxn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransactionIndexTest {

    @TempDir
    Path dir;

    @Test
    void createsNoFileUntilTheFirstAbort() {
        var file = dir.resolve("00000000000000000000.txnindex");
        var index = new TransactionIndex(file, 0);
        assertThat(index.allAbortedTxns()).isEmpty();
        assertThat(file).doesNotExist();

        index.append(new AbortedTxn(7, 3, 10, 3));

        assertThat(file).exists();
    }

    @Test
    void writesKafkaEntryLayout() throws Exception {
        var file = dir.resolve("a.txnindex");
        new TransactionIndex(file, 0).append(new AbortedTxn(7, 3, 10, 2));

        var bytes = ByteBuffer.wrap(Files.readAllBytes(file));
        assertThat(bytes.remaining()).isEqualTo(34);
        assertThat(bytes.getShort()).isZero();
        assertThat(bytes.getLong()).isEqualTo(7);
        assertThat(bytes.getLong()).isEqualTo(3);
        assertThat(bytes.getLong()).isEqualTo(10);
        assertThat(bytes.getLong()).isEqualTo(2);
    }

    @Test
    void findsAbortedTransactionsOverlappingAFetchRange() {
        var index = new TransactionIndex(dir.resolve("b.txnindex"), 0);
        index.append(new AbortedTxn(1, 0, 5, 0));
        index.append(new AbortedTxn(2, 4, 12, 0));
        index.append(new AbortedTxn(3, 20, 25, 13));

        assertThat(index.abortedTxnsOverlapping(6, 20))
                .extracting(AbortedTxn::producerId)
                .containsExactly(2L);
        assertThat(index.abortedTxnsOverlapping(0, 100)).hasSize(3);
    }

    @Test
    void truncateToDropsAbortsAtOrAboveTheOffset() {
        var index = new TransactionIndex(dir.resolve("c.txnindex"), 0);
        index.append(new AbortedTxn(1, 0, 5, 0));
        index.append(new AbortedTxn(2, 4, 12, 0));

        index.truncateTo(12);

        assertThat(index.allAbortedTxns()).extracting(AbortedTxn::producerId).containsExactly(1L);
        index.append(new AbortedTxn(3, 8, 13, 6));
        assertThat(index.allAbortedTxns()).hasSize(2);
    }

    @Test
    void rejectsAbortsOutOfOrder() {
        var index = new TransactionIndex(dir.resolve("d.txnindex"), 0);
        index.append(new AbortedTxn(1, 0, 5, 0));
        assertThatThrownBy(() -> index.append(new AbortedTxn(2, 0, 5, 0))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reportsATornFileAsCorrupt() throws Exception {
        var file = dir.resolve("e.txnindex");
        Files.write(file, new byte[40]);
        assertThatThrownBy(() -> new TransactionIndex(file, 0).allAbortedTxns())
                .isInstanceOf(CorruptIndexException.class);
    }
}
