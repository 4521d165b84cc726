package io.runnel.broker.network;

import java.nio.ByteBuffer;

/** One complete request frame, size prefix stripped, on the heap so parsed requests may keep slices of it. */
record ReceivedFrame(ByteBuffer payload, long receivedTimeMs) {}
