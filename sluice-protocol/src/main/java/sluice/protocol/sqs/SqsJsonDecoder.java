package sluice.protocol.sqs;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import sluice.api.sqs.SqsError;
import sluice.api.sqs.SqsException;
import sluice.api.sqs.SqsRequest;

/**
 * Decodes AWS JSON 1.0 SQS requests ({@code X-Amz-Target: AmazonSQS.<Operation>}) into records.
 *
 * <p>Design: the operation is checked first (InvalidAction before any parsing), then the body is
 * read into Jackson's tree with a strict, shared {@link ObjectReader} (no databinding; trailing
 * tokens rejected) and handed to {@link SqsRequestReader} through {@link JsonParams}. An empty
 * body counts as {@code {}}. Malformed JSON or a body that is not an object is a
 * SerializationException with a short message. Thread-safe: the reader is immutable.
 */
final class SqsJsonDecoder {
    private static final String TARGET_PREFIX = "AmazonSQS.";

    private final ObjectReader reader = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build()
            .reader();

    SqsRequest decode(String operation, byte[] body) {
        String op = operation;
        if (op != null && op.startsWith(TARGET_PREFIX)) {
            op = op.substring(TARGET_PREFIX.length());
        }
        if (op == null || op.isEmpty()) {
            throw SqsQueryDecoder.missingAction();
        }
        if (!SqsRequestReader.OPERATIONS.contains(op)) {
            throw SqsRequestReader.invalidAction(op);
        }
        return SqsRequestReader.read(op, new JsonParams(parse(body)));
    }

    private JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return reader.createObjectNode();
        }
        JsonNode root;
        try {
            root = reader.readTree(body);
        } catch (JacksonException e) {
            throw malformed(e.getLocation());
        } catch (IOException e) {
            throw malformed(null);
        }
        if (root == null || root.isMissingNode()) {
            return reader.createObjectNode();
        }
        if (!root.isObject()) {
            throw SqsError.SERIALIZATION_EXCEPTION.error("The request body must be a JSON object.");
        }
        return root;
    }

    private static SqsException malformed(JsonLocation location) {
        String where = location == null || location.getLineNr() < 0 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        return SqsError.SERIALIZATION_EXCEPTION.error("Malformed JSON in the request body" + where + ".");
    }
}
