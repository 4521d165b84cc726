package io.runnel.broker.network;

import java.nio.channels.FileChannel;

import io.netty.channel.DefaultFileRegion;

/**
 * A slice of a log segment sent with sendfile. Netty's {@link DefaultFileRegion} closes its file channel when
 * released, but the channel belongs to the segment, which goes on serving appends and reads: releasing this
 * region leaves it open. Subclassing (rather than implementing FileRegion) keeps the epoll transport on its
 * native sendfile path, which it takes only for DefaultFileRegion.
 */
final class SegmentFileRegion extends DefaultFileRegion {

    private final NetworkMetrics metrics;

    SegmentFileRegion(FileChannel segment, long position, long count, NetworkMetrics metrics) {
        super(segment, position, count);
        this.metrics = metrics;
    }

    @Override
    protected void deallocate() {
        metrics.zeroCopyRegionReleased();
    }
}
