package sluice.core.sns;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import sluice.api.sns.SnsError;
import sluice.api.sns.SnsException;
import sluice.common.Arn;
import sluice.common.Json;
import sluice.core.sns.filter.FilterPolicy;
import sluice.core.sns.filter.FilterPolicyException;

/**
 * Subscription attributes as SNS names them: the settable ones (at Subscribe or with
 * SetSubscriptionAttributes), their validation with AWS's texts, the compiled filter policy they
 * imply, and the GetSubscriptionAttributes view (read-only Owner, TopicArn, Protocol, Endpoint,
 * PendingConfirmation, ConfirmationWasAuthenticated, EffectiveDeliveryPolicy for HTTP/S). Stateless.
 */
final class SubscriptionAttributes {
    static final String RAW_MESSAGE_DELIVERY = "RawMessageDelivery";
    static final String FILTER_POLICY = "FilterPolicy";
    static final String FILTER_POLICY_SCOPE = "FilterPolicyScope";
    static final String REDRIVE_POLICY = "RedrivePolicy";
    static final String DELIVERY_POLICY = "DeliveryPolicy";
    static final String SUBSCRIPTION_ROLE_ARN = "SubscriptionRoleArn";
    static final String REPLAY_POLICY = "ReplayPolicy";

    static final Set<String> SETTABLE = Set.of(RAW_MESSAGE_DELIVERY, FILTER_POLICY, FILTER_POLICY_SCOPE, REDRIVE_POLICY,
            DELIVERY_POLICY, SUBSCRIPTION_ROLE_ARN, REPLAY_POLICY);

    /** Protocols whose deliveries can be raw. */
    private static final Set<String> RAW_CAPABLE = Set.of("sqs", "http", "https", "firehose");

    /** AWS's effective delivery policy of an HTTP/S subscription without a policy of its own. */
    private static final String DEFAULT_HTTP_DELIVERY_POLICY = "{\"healthyRetryPolicy\":{\"minDelayTarget\":20,"
            + "\"maxDelayTarget\":20,\"numRetries\":3,\"numMaxDelayRetries\":0,\"numNoDelayRetries\":0,"
            + "\"numMinDelayRetries\":0,\"backoffFunction\":\"linear\"},\"sicklyRetryPolicy\":null,"
            + "\"throttlePolicy\":null,\"requestPolicy\":{\"headerContentType\":\"text/plain; charset=UTF-8\"},"
            + "\"guaranteed\":false}";

    private SubscriptionAttributes() {
    }

    /**
     * Validates Subscribe's attributes and returns those to store. Errors are worded as AWS words them
     * for Subscribe ({@code Invalid parameter: Attributes Reason: …}).
     */
    static Map<String, String> forNewSubscription(Map<String, String> requested, String protocol, boolean fifoTopic) {
        Map<String, String> stored = new HashMap<>();
        for (Map.Entry<String, String> e : requested.entrySet()) {
            if (!SETTABLE.contains(e.getKey())) {
                throw SnsException.invalidParameter("Attributes Reason: Unknown attribute " + e.getKey());
            }
            stored.put(e.getKey(), checkValue(e.getKey(), e.getValue(), protocol, fifoTopic, true));
        }
        filterPolicy(stored, true);
        return stored;
    }

    /** SetSubscriptionAttributes: the stored attributes with one changed (an empty value removes it). */
    static Map<String, String> updated(Map<String, String> stored, String name, String value, String protocol,
                                       boolean fifoTopic) {
        if (!SETTABLE.contains(name)) {
            throw SnsException.invalidParameter("AttributeName");
        }
        Map<String, String> out = new HashMap<>(stored);
        String v = value == null ? "" : value;
        if (v.isEmpty() && !name.equals(RAW_MESSAGE_DELIVERY) && !name.equals(FILTER_POLICY_SCOPE)) {
            out.remove(name);
        } else {
            out.put(name, checkValue(name, v, protocol, fifoTopic, false));
        }
        filterPolicy(out, false);
        return out;
    }

    private static String checkValue(String name, String value, String protocol, boolean fifoTopic, boolean subscribe) {
        String v = value == null ? "" : value;
        String context = subscribe ? "Attributes Reason: " : "";
        switch (name) {
            case RAW_MESSAGE_DELIVERY -> {
                if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                    throw SnsException.invalidParameter("Attributes Reason: RawMessageDelivery: Invalid value [" + v
                            + "]. Must be true or false.");
                }
                if (!RAW_CAPABLE.contains(protocol) && v.equalsIgnoreCase("true")) {
                    throw SnsException.invalidParameter("Attributes Reason: Delivery protocol [" + protocol
                            + "] does not support raw message delivery.");
                }
                return v.toLowerCase(Locale.ROOT);
            }
            case FILTER_POLICY_SCOPE -> {
                try {
                    FilterPolicy.Scope.fromAwsName(v);
                } catch (IllegalArgumentException e) {
                    throw SnsException.invalidParameter(context + "FilterPolicyScope: " + e.getMessage());
                }
            }
            case FILTER_POLICY -> {
                if (v.getBytes(StandardCharsets.UTF_8).length > FilterPolicy.MAX_SIZE_BYTES) {
                    throw SnsError.FILTER_POLICY_LIMIT_EXCEEDED.error("Filter policy is too large");
                }
            }
            case REDRIVE_POLICY -> checkRedrivePolicy(v, protocol, fifoTopic);
            case DELIVERY_POLICY -> TopicAttributes.requireJsonObject(v, context + "DeliveryPolicy: Invalid delivery policy");
            case REPLAY_POLICY -> TopicAttributes.requireJsonObject(v, context + "ReplayPolicy: Invalid replay policy");
            case SUBSCRIPTION_ROLE_ARN -> {
                if (Arn.parse(v) == null) {
                    throw SnsException.invalidParameter(context + "SubscriptionRoleArn: Invalid ARN");
                }
            }
            default -> {
            }
        }
        return v;
    }

    private static void checkRedrivePolicy(String value, String protocol, boolean fifoTopic) {
        Object dlq;
        try {
            Object parsed = Json.parse(value);
            dlq = parsed instanceof Map<?, ?> m ? m.get("deadLetterTargetArn") : null;
        } catch (IllegalArgumentException e) {
            throw SnsException.invalidParameter("RedrivePolicy: failed to parse JSON.");
        }
        Arn arn = dlq instanceof String s ? Arn.parse(s) : null;
        if (arn == null) {
            throw SnsException.invalidParameter("RedrivePolicy: deadLetterTargetArn is an invalid arn");
        }
        if (fifoTopic && protocol.equals("sqs") && !arn.resource().endsWith(".fifo")) {
            throw SnsException.invalidParameter(
                    "RedrivePolicy: must use a FIFO queue as DLQ for a FIFO Subscription to a FIFO Topic.");
        }
    }

    /** The compiled filter policy of a subscription's attributes, or null when it has none. */
    static FilterPolicy filterPolicy(Map<String, String> attributes, boolean subscribe) {
        String policy = attributes.get(FILTER_POLICY);
        if (policy == null || policy.isEmpty()) {
            return null;
        }
        FilterPolicy.Scope scope = FilterPolicy.Scope.fromAwsName(
                attributes.getOrDefault(FILTER_POLICY_SCOPE, FilterPolicy.Scope.MESSAGE_ATTRIBUTES.awsName()));
        try {
            return FilterPolicy.parse(policy, scope);
        } catch (FilterPolicyException e) {
            throw SnsException.invalidParameter((subscribe ? "Attributes Reason: " : "") + e.parameterMessage());
        }
    }

    /** The GetSubscriptionAttributes view. */
    static Map<String, String> view(SubscriptionRecord s) {
        Map<String, String> view = new LinkedHashMap<>();
        view.put("ConfirmationWasAuthenticated", Boolean.toString(s.authenticated()));
        view.put("PendingConfirmation", Boolean.toString(s.pending()));
        view.put("Owner", s.owner());
        view.put("RawMessageDelivery", s.attributes().getOrDefault(RAW_MESSAGE_DELIVERY, "false"));
        view.put("TopicArn", s.topicArn());
        view.put("Endpoint", s.endpoint());
        view.put("Protocol", s.protocol());
        view.put("SubscriptionPrincipal", "arn:aws:iam::" + s.owner() + ":root");
        view.put("SubscriptionArn", s.arn());
        if (s.protocol().equals("http") || s.protocol().equals("https")) {
            view.put("EffectiveDeliveryPolicy", s.attributes().getOrDefault(DELIVERY_POLICY, DEFAULT_HTTP_DELIVERY_POLICY));
        }
        String policy = s.attributes().get(FILTER_POLICY);
        if (policy != null && !policy.isEmpty()) {
            view.put(FILTER_POLICY, policy);
            view.put(FILTER_POLICY_SCOPE, s.attributes().getOrDefault(FILTER_POLICY_SCOPE, "MessageAttributes"));
        }
        for (String name : new String[] {REDRIVE_POLICY, DELIVERY_POLICY, SUBSCRIPTION_ROLE_ARN, REPLAY_POLICY}) {
            String v = s.attributes().get(name);
            if (v != null) {
                view.put(name, v);
            }
        }
        return view;
    }

    /** Whether Subscribe's attributes for an existing subscription differ from what it has. */
    static boolean differ(Map<String, String> stored, Map<String, String> requested) {
        for (Map.Entry<String, String> e : requested.entrySet()) {
            String have = stored.get(e.getKey());
            if (have != null && !have.equals(e.getValue())) {
                return true;
            }
            if (have == null && !(e.getKey().equals(RAW_MESSAGE_DELIVERY) && e.getValue().equals("false"))) {
                return true;
            }
        }
        return false;
    }
}
