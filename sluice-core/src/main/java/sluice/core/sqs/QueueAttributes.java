package sluice.core.sqs;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import sluice.api.sqs.SqsError;
import sluice.api.sqs.SqsException;
import sluice.common.Arn;
import sluice.common.Json;

/**
 * The settable queue attributes: their defaults, AWS's validation (names, ranges, documents) and
 * the typed {@link QueueSettings} the queue runs on. Stored attribute maps always hold every
 * settable standard attribute (defaults filled in), so equality checks on CreateQueue are simple.
 */
final class QueueAttributes {
    static final String DELAY = "DelaySeconds";
    static final String MAX_SIZE = "MaximumMessageSize";
    static final String RETENTION = "MessageRetentionPeriod";
    static final String POLICY = "Policy";
    static final String WAIT = "ReceiveMessageWaitTimeSeconds";
    static final String REDRIVE = "RedrivePolicy";
    static final String REDRIVE_ALLOW = "RedriveAllowPolicy";
    static final String VISIBILITY = "VisibilityTimeout";
    static final String KMS_KEY = "KmsMasterKeyId";
    static final String KMS_REUSE = "KmsDataKeyReusePeriodSeconds";
    static final String SQS_SSE = "SqsManagedSseEnabled";
    static final String FIFO = "FifoQueue";
    static final String CONTENT_DEDUP = "ContentBasedDeduplication";
    static final String DEDUP_SCOPE = "DeduplicationScope";
    static final String THROUGHPUT = "FifoThroughputLimit";

    static final Set<String> FIFO_ONLY = Set.of("ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit");
    static final Set<String> READ_ONLY = Set.of("All", "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
            "ApproximateNumberOfMessagesDelayed", "CreatedTimestamp", "LastModifiedTimestamp", "QueueArn");
    private static final Map<String, String> DEFAULTS = defaults();

    private QueueAttributes() {
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(DELAY, "0");
        d.put(MAX_SIZE, "1048576");
        d.put(RETENTION, "345600");
        d.put(WAIT, "0");
        d.put(VISIBILITY, "30");
        d.put(SQS_SSE, "true");
        return Map.copyOf(d);
    }

    /** The attributes of a new queue: defaults overlaid with the validated given ones. */
    static Map<String, String> forNewQueue(Map<String, String> given, Arn self, boolean fifo, DeadLetterLookup dlq) {
        Map<String, String> merged = new LinkedHashMap<>(DEFAULTS);
        if (fifo) {
            merged.put(FIFO, "true");
            merged.put(CONTENT_DEDUP, "false");
            merged.put(DEDUP_SCOPE, "queue");
            merged.put(THROUGHPUT, "perQueue");
        }
        merge(merged, given, self, fifo, true, dlq);
        checkThroughputScope(merged);
        return merged;
    }

    /** AWS: perMessageGroupId throughput is allowed only with messageGroup deduplication scope. */
    private static void checkThroughputScope(Map<String, String> attributes) {
        if ("perMessageGroupId".equals(attributes.get(THROUGHPUT)) && !"messageGroup".equals(attributes.get(DEDUP_SCOPE))) {
            throw invalidValue(THROUGHPUT);
        }
    }

    /** The attributes after SetQueueAttributes. */
    static Map<String, String> updated(Map<String, String> current, Map<String, String> given, Arn self, DeadLetterLookup dlq) {
        Map<String, String> merged = new LinkedHashMap<>(current);
        merge(merged, given, self, isFifo(current), false, dlq);
        checkThroughputScope(merged);
        return merged;
    }

    static boolean isFifo(Map<String, String> attributes) {
        return "true".equals(attributes.get(FIFO));
    }

    /** The first given attribute whose value differs from the queue's, or null when all match. */
    static String firstDifference(Map<String, String> current, Map<String, String> given, Arn self, DeadLetterLookup dlq) {
        Map<String, String> wanted = forNewQueue(given, self, isFifo(current), dlq);
        for (String name : given.keySet()) {
            String have = current.get(name);
            String want = wanted.get(name);
            if (!sameValue(name, have, want)) {
                return name;
            }
        }
        return null;
    }

    private static boolean sameValue(String name, String a, String b) {
        if (a == null || b == null) {
            return a == b || (a == null ? b.isEmpty() : a.isEmpty());
        }
        if (name.equals(POLICY) || name.equals(REDRIVE) || name.equals(REDRIVE_ALLOW)) {
            try {
                return Json.parse(a).equals(Json.parse(b));
            } catch (IllegalArgumentException e) {
                return a.equals(b);
            }
        }
        return a.equals(b);
    }

    private static void merge(Map<String, String> into, Map<String, String> given, Arn self, boolean fifo, boolean creating,
                              DeadLetterLookup dlq) {
        for (Map.Entry<String, String> e : given.entrySet()) {
            String name = e.getKey();
            String value = e.getValue() == null ? "" : e.getValue();
            switch (name) {
                case DELAY -> into.put(name, integer(name, value, 0, 900));
                case MAX_SIZE -> into.put(name, integer(name, value, 1024, 1048576));
                case RETENTION -> into.put(name, integer(name, value, 60, 1209600));
                case WAIT -> into.put(name, integer(name, value, 0, 20));
                case VISIBILITY -> into.put(name, integer(name, value, 0, 43200));
                case KMS_REUSE -> into.put(name, integer(name, value, 60, 86400));
                case SQS_SSE -> {
                    into.put(name, bool(name, value));
                    if (value.equalsIgnoreCase("true")) {
                        into.remove(KMS_KEY);
                        into.remove(KMS_REUSE);
                    }
                }
                case KMS_KEY -> {
                    if (value.isEmpty()) {
                        into.remove(name);
                        into.remove(KMS_REUSE);
                    } else {
                        into.put(name, value);
                        into.put(SQS_SSE, "false");
                        into.putIfAbsent(KMS_REUSE, "300");
                    }
                }
                case POLICY -> putDocument(into, name, value, QueueAttributes::validPolicy);
                case REDRIVE -> putDocument(into, name, value, doc -> validRedrivePolicy(doc, value, self, fifo, dlq));
                case REDRIVE_ALLOW -> putDocument(into, name, value, doc -> validRedriveAllowPolicy(doc, value));
                case FIFO -> {
                    if (!creating) {
                        throw SqsError.INVALID_ATTRIBUTE_NAME.error("Unknown Attribute " + name + ".");
                    }
                    bool(name, value);
                }
                case CONTENT_DEDUP -> into.put(name, fifoOnly(name, fifo, bool(name, value)));
                case DEDUP_SCOPE -> into.put(name, fifoOnly(name, fifo, oneOf(name, value, "messageGroup", "queue")));
                case THROUGHPUT -> into.put(name, fifoOnly(name, fifo, oneOf(name, value, "perQueue", "perMessageGroupId")));
                default -> throw SqsError.INVALID_ATTRIBUTE_NAME.error("Unknown Attribute " + name + ".");
            }
        }
    }

    private static String integer(String name, String value, long min, long max) {
        try {
            long v = Long.parseLong(value.trim());
            if (v >= min && v <= max) {
                return Long.toString(v);
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw invalidValue(name);
    }

    private static String fifoOnly(String name, boolean fifo, String value) {
        if (!fifo) {
            throw SqsError.INVALID_ATTRIBUTE_NAME.error("Unknown Attribute " + name + ".");
        }
        return value;
    }

    private static String oneOf(String name, String value, String... allowed) {
        for (String a : allowed) {
            if (a.equals(value)) {
                return value;
            }
        }
        throw invalidValue(name);
    }

    private static String bool(String name, String value) {
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return value.toLowerCase(java.util.Locale.ROOT);
        }
        throw invalidValue(name);
    }

    private static void putDocument(Map<String, String> into, String name, String value, Predicate<Object> valid) {
        if (value.isEmpty()) {
            into.remove(name);
            return;
        }
        Object doc;
        try {
            doc = Json.parse(value);
        } catch (IllegalArgumentException e) {
            throw invalidValue(name);
        }
        if (!valid.test(doc)) {
            throw invalidValue(name);
        }
        into.put(name, value);
    }

    static SqsException invalidValue(String name) {
        return SqsError.INVALID_ATTRIBUTE_VALUE.error("Invalid value for the parameter " + name + ".");
    }

    private static boolean validPolicy(Object doc) {
        return doc instanceof Map<?, ?> map && map.get("Statement") != null;
    }

    private static boolean validRedrivePolicy(Object doc, String text, Arn self, boolean fifo, DeadLetterLookup dlq) {
        if (!(doc instanceof Map<?, ?> map)) {
            throw redriveInvalid(text, "Redrive policy is not a valid JSON map.");
        }
        Object target = map.get("deadLetterTargetArn");
        Object count = map.get("maxReceiveCount");
        if (target == null || count == null) {
            throw redriveInvalid(text, "Redrive policy must contain both deadLetterTargetArn and maxReceiveCount.");
        }
        int maxReceiveCount;
        try {
            maxReceiveCount = new BigDecimal(count.toString()).intValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            maxReceiveCount = -1;
        }
        if (maxReceiveCount < 1 || maxReceiveCount > 1000) {
            throw redriveInvalid(text, "Invalid value for maxReceiveCount: " + count
                    + ", valid values are from 1 to 1000 both inclusive.");
        }
        Arn arn = Arn.parse(target.toString());
        DeadLetterTarget found = arn == null || !arn.service().equals("sqs") ? null : dlq.find(arn);
        if (found == null) {
            throw redriveInvalid(text, "Dead letter target does not exist.");
        }
        if (found.fifo() != fifo) {
            throw redriveInvalid(text, "Dead-letter queue must be same type of queue as the source.");
        }
        if (!allowsSource(found.redriveAllowPolicy(), self)) {
            throw redriveInvalid(text, "Queue " + arn + " does not allow " + self + " to use it as a dead-letter queue.");
        }
        return true;
    }

    /** Whether a dead-letter queue's RedriveAllowPolicy admits the source queue. */
    private static boolean allowsSource(String redriveAllowPolicy, Arn source) {
        if (redriveAllowPolicy == null || !(Json.parse(redriveAllowPolicy) instanceof Map<?, ?> policy)) {
            return true;
        }
        return switch (String.valueOf(policy.get("redrivePermission"))) {
            case "denyAll" -> false;
            case "byQueue" -> policy.get("sourceQueueArns") instanceof List<?> arns && arns.contains(source.toString());
            default -> true;
        };
    }

    private static boolean validRedriveAllowPolicy(Object doc, String text) {
        if (!(doc instanceof Map<?, ?> map) || !(map.get("redrivePermission") instanceof String permission)) {
            throw invalidValue(REDRIVE_ALLOW);
        }
        Object sources = map.get("sourceQueueArns");
        switch (permission) {
            case "allowAll", "denyAll" -> {
                if (sources != null) {
                    throw SqsException.invalidParameter("Value " + text + " for parameter RedriveAllowPolicy is invalid. "
                            + "Reason: Only byQueue permission allows sourceQueueArns.");
                }
            }
            case "byQueue" -> {
                if (!(sources instanceof List<?> list) || list.isEmpty() || list.size() > 10) {
                    throw SqsException.invalidParameter("Value " + text + " for parameter RedriveAllowPolicy is invalid. "
                            + "Reason: byQueue permission requires 1 to 10 sourceQueueArns.");
                }
            }
            default -> throw invalidValue(REDRIVE_ALLOW);
        }
        return true;
    }

    private static SqsException redriveInvalid(String text, String reason) {
        return SqsException.invalidParameter("Value " + text + " for parameter RedrivePolicy is invalid. Reason: " + reason);
    }

    /** What a redrive policy needs to know of its dead-letter target queue. */
    record DeadLetterTarget(boolean fifo, String redriveAllowPolicy) {
    }

    /** Finds a live queue that a redrive policy names, or null. */
    @FunctionalInterface
    interface DeadLetterLookup {
        DeadLetterTarget find(Arn queueArn);
    }
}
