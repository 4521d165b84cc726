package io.runnel.broker.network;

import java.util.concurrent.atomic.LongAdder;

/** Counters of the network layer; cheap to update from any thread. */
public final class NetworkMetrics {

    private final LongAdder requestsReceived = new LongAdder();
    private final LongAdder responsesSent = new LongAdder();
    private final LongAdder connectionsAccepted = new LongAdder();
    private final LongAdder connectionsRejected = new LongAdder();
    private final LongAdder invalidFrames = new LongAdder();
    private final LongAdder idleConnectionsClosed = new LongAdder();
    private final LongAdder zeroCopyRegions = new LongAdder();
    private final LongAdder zeroCopyBytes = new LongAdder();
    private final LongAdder zeroCopyRegionsReleased = new LongAdder();
    private final LongAdder inPlaceFrames = new LongAdder();
    private final LongAdder bytesReceivedInPlace = new LongAdder();

    void requestReceived() {
        requestsReceived.increment();
    }

    void responseSent() {
        responsesSent.increment();
    }

    void connectionAccepted() {
        connectionsAccepted.increment();
    }

    void connectionRejected() {
        connectionsRejected.increment();
    }

    void invalidFrame() {
        invalidFrames.increment();
    }

    void idleConnectionClosed() {
        idleConnectionsClosed.increment();
    }

    void zeroCopyRegion(long bytes) {
        zeroCopyRegions.increment();
        zeroCopyBytes.add(bytes);
    }

    void zeroCopyRegionReleased() {
        zeroCopyRegionsReleased.increment();
    }

    void inPlaceFrame() {
        inPlaceFrames.increment();
    }

    void receivedInPlace(int bytes) {
        bytesReceivedInPlace.add(bytes);
    }

    public long requestsReceived() {
        return requestsReceived.sum();
    }

    public long responsesSent() {
        return responsesSent.sum();
    }

    public long connectionsAccepted() {
        return connectionsAccepted.sum();
    }

    /** Connections closed on accept because {@code max.connections} were open. */
    public long connectionsRejected() {
        return connectionsRejected.sum();
    }

    /** Connections closed for a negative or oversized size prefix. */
    public long invalidFrames() {
        return invalidFrames.sum();
    }

    public long idleConnectionsClosed() {
        return idleConnectionsClosed.sum();
    }

    /** File-backed record slices handed to the transport as file regions (sendfile), never read to the heap. */
    public long zeroCopyRegions() {
        return zeroCopyRegions.sum();
    }

    public long zeroCopyBytes() {
        return zeroCopyBytes.sum();
    }

    /** File regions the transport has finished with; their segment channels are left open. */
    public long zeroCopyRegionsReleased() {
        return zeroCopyRegionsReleased.sum();
    }

    /** Large request frames received into a buffer of their own rather than accumulated read by read. */
    public long inPlaceFrames() {
        return inPlaceFrames.sum();
    }

    /** Bytes the transport read straight into an in-place frame's buffer, never copied on the network thread. */
    public long bytesReceivedInPlace() {
        return bytesReceivedInPlace.sum();
    }
}
