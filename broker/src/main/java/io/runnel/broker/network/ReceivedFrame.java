package io.runnel.broker.network;

import io.netty.buffer.ByteBuf;

/**
 * One complete request frame, size prefix stripped, still in the network buffer it arrived in (direct memory,
 * never copied to the heap). The request decoded from it keeps zero-copy slices of it (a Produce request's
 * records), so whoever receives a frame releases {@code payload} exactly once, after the request is done with it.
 */
record ReceivedFrame(ByteBuf payload, long receivedTimeMs) {}
