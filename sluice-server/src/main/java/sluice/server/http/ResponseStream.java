package sluice.server.http;

/**
 * The body of a streamed response (an AWS event stream), produced over time. The network layer
 * calls {@link #open} once the head is out, {@link #writable} when a backed-up transport drains, and
 * {@link #closed} once when the exchange is over for any reason: the body ended, the client reset
 * the stream, or the connection closed. Calls come from an I/O thread and must not block.
 */
public interface ResponseStream {

    void open(BodySink sink);

    /** The sink is {@link BodySink#writable() writable} again. */
    void writable();

    /** The exchange is over; release everything held for it. */
    void closed();
}
