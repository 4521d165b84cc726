package io.runnel.broker.network;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;

/**
 * Drops read requests while the connection is paused (auto-read off). Netty's byte-to-message decoders ask for
 * another read whenever a read yielded no complete message, which would keep filling the decoder's buffer while
 * {@link ConnectionHandler} waits for replies; this keeps a paused connection truly paused, so its buffered
 * bytes stay bounded.
 */
final class ReadGate extends ChannelOutboundHandlerAdapter {

    @Override
    public void read(ChannelHandlerContext ctx) {
        if (ctx.channel().config().isAutoRead()) {
            ctx.read();
        }
    }
}
