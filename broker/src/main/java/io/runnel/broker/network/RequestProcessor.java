package io.runnel.broker.network;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * Turns one received request frame into a {@link Reply}. Called on a network event loop, so it must return at
 * once and do the decoding and handling elsewhere; the futures of one connection may complete in any order,
 * the network layer answers in request order regardless. A failed future closes the connection.
 */
public interface RequestProcessor {

    /**
     * @param frame the request, header and body, without the size prefix: a view of network memory (usually
     *     direct) that is valid only until the returned future completes, when the network layer frees it;
     *     neither the request decoded from it nor the reply may use it after that
     * @param receivedTimeMs broker time when the frame's last byte arrived
     */
    CompletableFuture<Reply> process(ClientConnection connection, ByteBuffer frame, long receivedTimeMs);
}
