package sluice.server.http;

/**
 * Where a {@link ResponseStream} writes its body. Thread-safe: writes from any thread are queued
 * onto the connection's I/O thread, in order. {@link #writable()} says whether the transport can take
 * more now (HTTP/2 flow-control window, socket buffer, bytes still queued); when it says no, the
 * producer stops and waits for {@link ResponseStream#writable()}, so nothing is buffered unboundedly.
 */
public interface BodySink {

    boolean writable();

    void write(byte[] chunk);

    /** Ends the body (end of stream); later writes are ignored. */
    void end();
}
