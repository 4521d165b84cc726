package io.runnel.broker.network;

import java.util.List;

import io.netty.util.ReferenceCountUtil;

/**
 * A serialized response ready for the socket: heap buffers and file regions, in wire order, starting with the
 * size prefix. Owns its parts until written (the transport then releases them) or {@link #release()}d.
 */
record ResponseFrame(List<Object> parts, long sizeInBytes) {

    void release() {
        parts.forEach(ReferenceCountUtil::safeRelease);
    }
}
