package io.runnel.broker.api.fetch;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import io.runnel.broker.partition.LocalPartitions;
import io.runnel.broker.partition.Partition;
import io.runnel.broker.purgatory.DelayedOperation;
import io.runnel.storage.FetchIsolation;
import io.runnel.storage.LogReadResult;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.requests.FetchResponse;

/**
 * A Fetch waiting for {@code min_bytes} (long poll). Woken by appends and high-watermark moves on its
 * partitions; completes when enough bytes are readable, when a partition can no longer be read as asked (lost
 * leadership, new leader epoch, offset now out of range: the client must hear the error at once), or at
 * {@code max_wait_ms}. The response is read when it completes.
 */
public final class DelayedFetch extends DelayedOperation {

    private final FetchParams params;
    private final List<PartitionFetch> fetches;
    private final FetchContext context;
    private final LocalPartitions partitions;
    private final FetchReader reader;
    private final Consumer<FetchResponse> respond;

    DelayedFetch(
            long deadlineMs,
            FetchParams params,
            FetchContext context,
            List<PartitionFetch> fetches,
            LocalPartitions partitions,
            FetchReader reader,
            Consumer<FetchResponse> respond) {
        super(deadlineMs);
        this.params = params;
        this.fetches = fetches;
        this.context = context;
        this.partitions = partitions;
        this.reader = reader;
        this.respond = respond;
    }

    List<TopicPartition> keys() {
        return fetches.stream()
                .filter(PartitionFetch::topicResolved)
                .map(fetch -> fetch.partition().topicPartition())
                .toList();
    }

    @Override
    protected boolean tryComplete() {
        long available = 0;
        for (PartitionFetch fetch : fetches) {
            if (!fetch.topicResolved()) {
                continue;
            }
            Optional<Partition> found = partitions.get(fetch.partition().topicPartition());
            if (found.isEmpty() || !found.get().isLeader()) {
                return forceComplete();
            }
            Partition partition = found.get();
            if (fetch.currentLeaderEpoch().isPresent()
                    && fetch.currentLeaderEpoch().get() != partition.leaderEpoch()) {
                return forceComplete();
            }
            if (fetch.fetchOffset() < partition.logStartOffset() || fetch.fetchOffset() > partition.logEndOffset()) {
                return forceComplete();
            }
            long readableEnd =
                    params.isolation() == FetchIsolation.LOG_END ? partition.logEndOffset() : partition.highWatermark();
            if (readableEnd > fetch.fetchOffset()) {
                try {
                    // Reading is how the log tells byte counts: it returns a file slice, no record data is copied.
                    LogReadResult read = partition.read(
                            fetch.currentLeaderEpoch(),
                            fetch.fetchOffset(),
                            fetch.maxBytes(),
                            params.isolation(),
                            true);
                    available += Math.min(read.records().sizeInBytes(), Math.max(0, fetch.maxBytes()));
                } catch (RuntimeException e) {
                    // Whatever went wrong (an API error, or a log closed under the read), the response's own read
                    // reports it per partition; it must not escape into the produce or fetch that ran this check.
                    return forceComplete();
                }
            }
        }
        return available >= params.minBytes() && forceComplete();
    }

    @Override
    protected void onComplete(boolean expired) {
        respond.accept(context.response(reader.read(params, fetches)));
    }
}
