package sluice.protocol.wire;

import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The XML frame every AWS query-protocol service answers in, around what each operation says:
 * {@code <OpResponse xmlns=…><OpResult>…</OpResult><ResponseMetadata><RequestId>…} for a success,
 * {@code <ErrorResponse xmlns=…><Error><Type/><Code/><Message/>…</Error><RequestId/>} for an
 * error. One per service namespace; the services write only their results.
 */
public final class QueryEnvelope {
    private static final String CONTENT_TYPE = "text/xml";

    private final String namespace;

    public QueryEnvelope(String namespace) {
        this.namespace = namespace;
    }

    /**
     * A 200 answer: {@code result} writes the inside of {@code <OpResult>}, or is null for an
     * operation whose response has no Result element; {@code emptyResult} writes the Result as
     * an empty element instead.
     */
    public WireResponse success(String operation, String requestId, boolean emptyResult, Consumer<XmlWriter> result) {
        String id = Objects.requireNonNullElse(requestId, "");
        XmlWriter w = new XmlWriter(512).declaration();
        String response = operation + "Response";
        w.open(response, namespace);
        if (result != null) {
            String wrapper = operation + "Result";
            if (emptyResult) {
                w.empty(wrapper);
            } else {
                w.open(wrapper);
                result.accept(w);
                w.close(wrapper);
            }
        }
        w.open("ResponseMetadata").element("RequestId", id).close("ResponseMetadata");
        w.close(response);
        return new WireResponse(200, headers(id), w.toBytes());
    }

    /** An error answer; {@code withDetail} adds the empty {@code <Detail/>} some services send. */
    public WireResponse error(int httpStatus, boolean senderFault, String code, String message, boolean withDetail,
                              String requestId) {
        String id = Objects.requireNonNullElse(requestId, "");
        XmlWriter w = new XmlWriter(256).declaration();
        w.open("ErrorResponse", namespace).open("Error")
                .element("Type", senderFault ? "Sender" : "Receiver")
                .element("Code", code)
                .element("Message", message);
        if (withDetail) {
            w.empty("Detail");
        }
        w.close("Error").element("RequestId", id).close("ErrorResponse");
        return new WireResponse(httpStatus, headers(id), w.toBytes());
    }

    private static Map<String, String> headers(String requestId) {
        return Map.of("Content-Type", CONTENT_TYPE, "x-amzn-RequestId", requestId);
    }
}
