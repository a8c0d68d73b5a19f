package sluice.core.sns;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import sluice.api.sns.SnsException;
import sluice.common.Json;

/**
 * Topic attributes as SNS names them: which a client may set (at CreateTopic or with
 * SetTopicAttributes), how each is validated, and the view GetTopicAttributes answers with
 * (defaults such as the default access policy and effective delivery policy, read-only members
 * such as Owner and the subscription counts, then whatever was set). Stateless.
 */
final class TopicAttributes {
    static final String DISPLAY_NAME = "DisplayName";
    static final String POLICY = "Policy";
    static final String DELIVERY_POLICY = "DeliveryPolicy";
    static final String KMS_MASTER_KEY_ID = "KmsMasterKeyId";
    static final String SIGNATURE_VERSION = "SignatureVersion";
    static final String TRACING_CONFIG = "TracingConfig";
    static final String FIFO_TOPIC = "FifoTopic";
    static final String CONTENT_BASED_DEDUPLICATION = "ContentBasedDeduplication";
    static final String FIFO_THROUGHPUT_SCOPE = "FifoThroughputScope";
    static final String ARCHIVE_POLICY = "ArchivePolicy";

    private static final Pattern TOPIC_NAME = Pattern.compile("[A-Za-z0-9_-]{1,256}");
    private static final Pattern FIFO_TOPIC_NAME = Pattern.compile("[A-Za-z0-9_-]{1,251}\\.fifo");

    /** Delivery status logging attributes: stored as given. */
    private static final Set<String> FEEDBACK = Set.of(
            "ApplicationSuccessFeedbackRoleArn", "ApplicationSuccessFeedbackSampleRate", "ApplicationFailureFeedbackRoleArn",
            "HTTPSuccessFeedbackRoleArn", "HTTPSuccessFeedbackSampleRate", "HTTPFailureFeedbackRoleArn",
            "LambdaSuccessFeedbackRoleArn", "LambdaSuccessFeedbackSampleRate", "LambdaFailureFeedbackRoleArn",
            "SQSSuccessFeedbackRoleArn", "SQSSuccessFeedbackSampleRate", "SQSFailureFeedbackRoleArn",
            "FirehoseSuccessFeedbackRoleArn", "FirehoseSuccessFeedbackSampleRate", "FirehoseFailureFeedbackRoleArn");

    private static final Set<String> SETTABLE = Set.of(DISPLAY_NAME, POLICY, DELIVERY_POLICY, KMS_MASTER_KEY_ID,
            SIGNATURE_VERSION, TRACING_CONFIG, CONTENT_BASED_DEDUPLICATION, FIFO_THROUGHPUT_SCOPE, ARCHIVE_POLICY);

    /** AWS's default effective delivery policy of a topic (only HTTP/S deliveries retry). */
    static final String DEFAULT_EFFECTIVE_DELIVERY_POLICY = "{\"http\":{\"defaultHealthyRetryPolicy\":"
            + "{\"minDelayTarget\":20,\"maxDelayTarget\":20,\"numRetries\":3,\"numMaxDelayRetries\":0,"
            + "\"numNoDelayRetries\":0,\"numMinDelayRetries\":0,\"backoffFunction\":\"linear\"},"
            + "\"disableSubscriptionOverrides\":false,\"defaultRequestPolicy\":{\"headerContentType\":\"text/plain; charset=UTF-8\"}}}";

    private TopicAttributes() {
    }

    /** Checks a CreateTopic name against the topic type its attributes ask for. */
    static void checkName(String name, boolean fifo) {
        if (fifo && !FIFO_TOPIC_NAME.matcher(name).matches()) {
            throw SnsException.invalidParameter("Fifo Topic names must end with .fifo and must be made up of only uppercase "
                    + "and lowercase ASCII letters, numbers, underscores, and hyphens, and must be between 1 and 256 characters long.");
        }
        if (!fifo && !TOPIC_NAME.matcher(name).matches()) {
            throw SnsException.invalidParameter("Topic Name");
        }
    }

    /** Whether CreateTopic's attributes ask for a FIFO topic (validating the FifoTopic value). */
    static boolean wantsFifo(Map<String, String> requested) {
        String fifo = requested.get(FIFO_TOPIC);
        if (fifo == null || fifo.equalsIgnoreCase("false")) {
            return false;
        }
        if (fifo.equalsIgnoreCase("true")) {
            return true;
        }
        throw SnsException.invalidParameter("Attributes Reason: FifoTopic: Invalid value [" + fifo + "]. Must be true or false.");
    }

    /** The attributes a new topic stores: the requested ones, validated, FifoTopic normalised. */
    static Map<String, String> forNewTopic(Map<String, String> requested, boolean fifo) {
        Map<String, String> stored = new HashMap<>();
        for (Map.Entry<String, String> e : requested.entrySet()) {
            if (e.getKey().equals(FIFO_TOPIC)) {
                continue;
            }
            stored.put(e.getKey(), checkValue(e.getKey(), e.getValue(), fifo, "Attributes Reason: "));
        }
        if (fifo) {
            stored.put(FIFO_TOPIC, "true");
            stored.putIfAbsent(CONTENT_BASED_DEDUPLICATION, "false");
        }
        return stored;
    }

    /** SetTopicAttributes: the topic's stored attributes with one changed (an empty value removes it). */
    static Map<String, String> updated(Map<String, String> stored, String name, String value, boolean fifo) {
        if (name.equals(FIFO_TOPIC) || !(SETTABLE.contains(name) || FEEDBACK.contains(name))) {
            throw SnsException.invalidParameter("AttributeName");
        }
        Map<String, String> out = new HashMap<>(stored);
        String v = value == null ? "" : value;
        if (v.isEmpty() && !name.equals(DISPLAY_NAME) && !name.equals(CONTENT_BASED_DEDUPLICATION)) {
            out.remove(name);
            return out;
        }
        out.put(name, checkValue(name, v, fifo, ""));
        return out;
    }

    /** Validates one settable attribute; returns the value to store. */
    private static String checkValue(String name, String value, boolean fifo, String context) {
        if (!SETTABLE.contains(name) && !FEEDBACK.contains(name)) {
            throw SnsException.invalidParameter(context.isEmpty() ? "AttributeName" : "Attributes Reason: Unknown attribute " + name);
        }
        String v = value == null ? "" : value;
        switch (name) {
            case DISPLAY_NAME -> {
                if (v.length() > 100) {
                    throw SnsException.invalidParameter(context + "DisplayName: must be at most 100 characters long");
                }
            }
            case POLICY -> requireJsonObject(v, context + "Policy: Invalid policy document");
            case DELIVERY_POLICY -> requireJsonObject(v, context + "DeliveryPolicy: Invalid delivery policy");
            case SIGNATURE_VERSION -> {
                if (!v.equals("1") && !v.equals("2")) {
                    throw SnsException.invalidParameter(context + "SignatureVersion: Invalid value [" + v + "]. Must be 1 or 2.");
                }
            }
            case TRACING_CONFIG -> {
                if (!v.equals("PassThrough") && !v.equals("Active")) {
                    throw SnsException.invalidParameter(context + "TracingConfig: Invalid value [" + v
                            + "]. Must be PassThrough or Active.");
                }
            }
            case CONTENT_BASED_DEDUPLICATION -> {
                if (!fifo) {
                    throw SnsException.invalidParameter(context + "ContentBasedDeduplication: "
                            + "Content-based deduplication can only be set for FIFO topics");
                }
                if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                    throw SnsException.invalidParameter(context + "ContentBasedDeduplication: Invalid value [" + v
                            + "]. Must be true or false.");
                }
                return v.toLowerCase(java.util.Locale.ROOT);
            }
            case FIFO_THROUGHPUT_SCOPE -> {
                if (!fifo) {
                    throw SnsException.invalidParameter(context + "FifoThroughputScope: can only be set for FIFO topics");
                }
                if (!v.equals("Topic") && !v.equals("MessageGroup")) {
                    throw SnsException.invalidParameter(context + "FifoThroughputScope: Invalid value [" + v
                            + "]. Please use either Topic or MessageGroup");
                }
            }
            case ARCHIVE_POLICY -> checkArchivePolicy(v, fifo, context);
            default -> {
            }
        }
        return v;
    }

    private static void checkArchivePolicy(String value, boolean fifo, String context) {
        if (!fifo) {
            throw SnsException.invalidParameter(context + "ArchivePolicy: can only be set for FIFO topics");
        }
        Map<?, ?> policy = requireJsonObject(value, context + "ArchivePolicy: Invalid archive policy");
        Object days = policy.get("MessageRetentionPeriod");
        int period;
        try {
            period = days instanceof BigDecimal b ? b.intValueExact() : Integer.parseInt(String.valueOf(days));
        } catch (ArithmeticException | NumberFormatException e) {
            period = -1;
        }
        if (period < 1 || period > 365) {
            throw SnsException.invalidParameter(context + "ArchivePolicy: MessageRetentionPeriod must be between 1 and 365 days");
        }
    }

    static Map<?, ?> requireJsonObject(String text, String detail) {
        try {
            if (Json.parse(text) instanceof Map<?, ?> map) {
                return map;
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error
        }
        throw SnsException.invalidParameter(detail);
    }

    /** Whether two sets of CreateTopic attributes mean the same topic (ignoring FifoTopic=false). */
    static boolean sameAsStored(Map<String, String> stored, Map<String, String> requested) {
        for (Map.Entry<String, String> e : requested.entrySet()) {
            String key = e.getKey();
            String have = stored.get(key);
            if (key.equals(FIFO_TOPIC)) {
                if (!String.valueOf("true".equals(have)).equalsIgnoreCase(e.getValue())) {
                    return false;
                }
            } else if (!e.getValue().equals(have == null ? (key.equals(DISPLAY_NAME) ? "" : null) : have)) {
                return false;
            }
        }
        return true;
    }

    /** The GetTopicAttributes view. */
    static Map<String, String> view(TopicRecord topic, int confirmed, int pending, int deleted) {
        Map<String, String> view = new LinkedHashMap<>();
        String arn = topic.arn().toString();
        Map<String, String> a = topic.attributes();
        view.put(POLICY, a.getOrDefault(POLICY, TopicPolicies.defaultPolicy(arn, topic.account())));
        view.put("Owner", topic.account());
        view.put("SubscriptionsPending", Integer.toString(pending));
        view.put("TopicArn", arn);
        view.put("EffectiveDeliveryPolicy", a.getOrDefault(DELIVERY_POLICY, DEFAULT_EFFECTIVE_DELIVERY_POLICY));
        view.put("SubscriptionsConfirmed", Integer.toString(confirmed));
        view.put(DISPLAY_NAME, a.getOrDefault(DISPLAY_NAME, ""));
        view.put("SubscriptionsDeleted", Integer.toString(deleted));
        for (String name : List.of(DELIVERY_POLICY, KMS_MASTER_KEY_ID, SIGNATURE_VERSION, TRACING_CONFIG, FIFO_TOPIC,
                CONTENT_BASED_DEDUPLICATION, FIFO_THROUGHPUT_SCOPE, ARCHIVE_POLICY)) {
            String v = a.get(name);
            if (v != null) {
                view.put(name, v);
            }
        }
        for (Map.Entry<String, String> e : a.entrySet()) {
            view.putIfAbsent(e.getKey(), e.getValue());
        }
        return view;
    }
}
