package sluice.protocol.sqs;

import java.util.List;
import java.util.Map;
import sluice.api.sqs.MessageAttributeValue;

/**
 * Typed, read-only access to the members of one request (or one batch entry) in either dialect.
 * {@link SqsRequestReader} builds the request records through this interface only, so JSON and
 * query requests become identical records and fail the same required-member checks.
 *
 * <p>Every accessor returns null when the member is absent (an empty list or map when it is
 * present but empty) and throws {@link sluice.api.sqs.SqsException} when the value has the wrong
 * shape: SerializationException in JSON, InvalidParameterValue in the query dialect.
 */
interface Params {

    String string(Member member);

    Integer integer(Member member);

    List<String> strings(Member member);

    Map<String, String> stringMap(Member member);

    Map<String, MessageAttributeValue> attributeMap(Member member);

    /** The entries of a batch, in order; each entry is read through its own Params. */
    List<Params> entries(Member member);

    /** The member's name as the client spelled it, for error messages ({@code Entries.2.Id}). */
    String path(Member member);
}
