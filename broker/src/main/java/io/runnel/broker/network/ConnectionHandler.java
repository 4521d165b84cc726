package io.runnel.broker.network;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's requests: hands each frame to the {@link RequestProcessor} and writes the replies strictly in
 * request order, as Kafka clients match responses to requests by position. Replies complete in any order on
 * any thread; each waits in a per-connection queue until those before it are written.
 *
 * <p>The queue is bounded: at {@code maxInFlight} outstanding requests the channel stops reading (auto-read
 * off), and resumes once the oldest replies are written. All state is confined to the channel's event loop.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ConnectionHandler.class);

    private final ClientConnection connection;
    private final RequestProcessor processor;
    private final int maxInFlight;
    private final InFlightRequests inFlight;
    private final NetworkMetrics metrics;
    private final ArrayDeque<PendingReply> pending = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private boolean draining;
    private boolean closing;

    ConnectionHandler(
            ClientConnection connection,
            RequestProcessor processor,
            int maxInFlight,
            InFlightRequests inFlight,
            NetworkMetrics metrics) {
        this.connection = connection;
        this.processor = processor;
        this.maxInFlight = maxInFlight;
        this.inFlight = inFlight;
        this.metrics = metrics;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ReceivedFrame frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (draining || closing || !ctx.channel().isActive()) {
            frame.payload().release();
            return;
        }
        metrics.requestReceived();
        PendingReply slot = new PendingReply();
        pending.add(slot);
        inFlight.add();
        if (pending.size() >= maxInFlight) {
            ctx.channel().config().setAutoRead(false);
        }
        CompletableFuture<Reply> reply;
        try {
            reply = processor.process(connection, frame.payload().nioBuffer(), frame.receivedTimeMs());
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        reply.whenComplete((r, error) -> {
            try {
                complete(slot, r, error);
            } finally {
                // Only now is the request done with the frame: its handler and any delayed operation (acks=all)
                // have completed, and the response, which may not outlive the request's data, is serialized.
                frame.payload().release();
            }
        });
    }

    /** Runs on whichever thread completed the reply: serializes there, then queues on the event loop. */
    private void complete(PendingReply slot, Reply reply, Throwable error) {
        Object outcome;
        if (error != null) {
            log.warn("Closing connection {}: processing a request failed", connection, error);
            outcome = new Reply.Close("request processing failed: " + error);
        } else if (reply instanceof Reply.Send send) {
            try {
                outcome = ResponseFrameBuilder.build(send.header(), send.body(), send.apiVersion(), metrics);
            } catch (RuntimeException e) {
                log.warn(
                        "Closing connection {}: cannot serialize {} v{} response",
                        connection,
                        send.body().apiKey(),
                        send.apiVersion(),
                        e);
                outcome = new Reply.Close("response serialization failed: " + e);
            }
        } else {
            outcome = reply;
        }
        Object settled = outcome;
        try {
            ctx.executor().execute(() -> {
                slot.outcome = settled;
                writeCompletedReplies();
            });
        } catch (RejectedExecutionException e) {
            // The event loop is gone (server stopped): nobody can receive this reply any more.
            discard(settled);
        }
    }

    private void writeCompletedReplies() {
        boolean wrote = false;
        while (!pending.isEmpty() && pending.peek().outcome != null) {
            Object outcome = pending.poll().outcome;
            if (closing || !ctx.channel().isActive()) {
                discard(outcome);
            } else if (outcome instanceof ResponseFrame frame) {
                write(frame);
                wrote = true;
            } else if (outcome instanceof Reply.Close close) {
                log.debug("Closing connection {}: {}", connection, close.reason());
                closing = true;
                inFlight.remove();
                ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            } else {
                inFlight.remove();
            }
        }
        if (wrote) {
            ctx.flush();
        }
        if (!draining
                && !closing
                && ctx.channel().isActive()
                && pending.size() < maxInFlight
                && !ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
            // Frames may already sit in the decoder (cut from its buffer, or a large frame completed in place)
            // with no more bytes coming: pass them on now.
            ctx.pipeline().fireChannelRead(Unpooled.EMPTY_BUFFER);
        }
    }

    private void write(ResponseFrame frame) {
        int last = frame.parts().size() - 1;
        for (int i = 0; i < last; i++) {
            ctx.write(frame.parts().get(i), ctx.voidPromise());
        }
        ChannelFuture written = ctx.write(frame.parts().get(last));
        written.addListener(f -> {
            inFlight.remove();
            if (f.isSuccess()) {
                metrics.responseSent();
            }
        });
    }

    private void discard(Object outcome) {
        if (outcome instanceof ResponseFrame frame) {
            frame.release();
        }
        inFlight.remove();
    }

    /** Shutdown: reads no further requests; those in flight are still answered. */
    void stopReading() {
        draining = true;
        ctx.channel().config().setAutoRead(false);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent && pending.isEmpty()) {
            log.debug("Closing idle connection {} (connections.max.idle.ms)", connection);
            metrics.idleConnectionClosed();
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("Closing connection {} after I/O error", connection, cause);
        ctx.close();
    }

    /** A request's place in the response order; {@code outcome} is set on the event loop when its reply is in. */
    private static final class PendingReply {
        private Object outcome;
    }
}
