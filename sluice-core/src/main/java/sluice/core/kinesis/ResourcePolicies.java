package sluice.core.kinesis;

import java.util.Map;
import sluice.api.kinesis.KinesisException;
import sluice.api.kinesis.KinesisResult;
import sluice.common.Json;

/**
 * Resource policies (Put/Get/DeleteResourcePolicy) of a stream or of one of its consumers: the
 * ResourceARN is the stream's ARN or a consumer's. Sluice keeps and returns the document as given;
 * access is decided by the credentials alone, so a policy grants or denies nothing here yet.
 * Runs on the stream's lane.
 */
final class ResourcePolicies {
    /** What GetResourcePolicy answers for a resource without a policy. */
    static final String NONE = "{}";

    private ResourcePolicies() {
    }

    /** The consumer the ARN names, or null when it names the stream. */
    private static String consumerOf(KinesisStream s, String arn) {
        return arn.contains("/consumer/") ? StreamConsumers.nameOf(s, null, arn) : null;
    }

    static KinesisResult put(KinesisStream s, String arn, String policy) {
        if (policy == null) {
            throw KinesisException.validation("1 validation error detected: Value null at 'policy' failed to satisfy constraint: "
                    + "Member must not be null");
        }
        Object document;
        try {
            document = Json.parse(policy);
        } catch (RuntimeException e) {
            document = null;
        }
        if (!(document instanceof Map)) {
            throw KinesisException.invalidArgument("The policy document is not valid JSON: " + policy);
        }
        String consumer = consumerOf(s, arn);
        if (consumer == null) {
            s.policy = policy;
        } else {
            s.consumerPolicies.put(consumer, policy);
        }
        return new KinesisResult.Empty();
    }

    static KinesisResult get(KinesisStream s, String arn) {
        String consumer = consumerOf(s, arn);
        String policy = consumer == null ? s.policy : s.consumerPolicies.get(consumer);
        return new KinesisResult.ResourcePolicy(policy == null ? NONE : policy);
    }

    static KinesisResult delete(KinesisStream s, String arn) {
        String consumer = consumerOf(s, arn);
        if (consumer == null) {
            s.policy = null;
        } else {
            s.consumerPolicies.remove(consumer);
        }
        return new KinesisResult.Empty();
    }
}
