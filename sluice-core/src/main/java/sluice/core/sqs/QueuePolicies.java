package sluice.core.sqs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import sluice.api.sqs.SqsException;
import sluice.common.Arn;
import sluice.common.Json;
import sluice.core.delivery.DeliverySource;
import sluice.core.delivery.ServicePrincipalPolicy;

/**
 * AddPermission and RemovePermission: each label is one statement of the queue's Policy document,
 * granting the listed accounts the listed SQS actions on the queue, as AWS writes it.
 */
final class QueuePolicies {
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_-]{1,80}");
    private static final Set<String> ACTIONS = Set.of("*", "SendMessage", "ReceiveMessage", "DeleteMessage",
            "ChangeMessageVisibility", "GetQueueAttributes", "GetQueueUrl", "ListDeadLetterSourceQueues", "PurgeQueue",
            "ListQueueTags", "SendMessageBatch", "DeleteMessageBatch", "ChangeMessageVisibilityBatch");
    static final int MAX_STATEMENTS = 7;

    private QueuePolicies() {
    }

    /** The Policy text after adding a labelled statement. */
    static String add(String currentPolicy, Arn queueArn, String label, List<String> accounts, List<String> actions) {
        if (label == null || !LABEL.matcher(label).matches()) {
            throw SqsException.invalidParameter("Value " + label + " for parameter Label is invalid. Reason: "
                    + "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length.");
        }
        if (accounts.isEmpty()) {
            throw SqsException.missingParameter("AWSAccountIds");
        }
        if (actions.isEmpty()) {
            throw SqsException.missingParameter("Actions");
        }
        for (String action : actions) {
            if (!ACTIONS.contains(action)) {
                throw SqsException.invalidParameter("Value SQS:" + action
                        + " for parameter ActionName is invalid. Reason: Please refer to the appropriate WSDL for a list of valid actions.");
            }
        }
        Map<String, Object> policy = parse(currentPolicy, queueArn);
        List<Object> statements = statements(policy);
        for (Object s : statements) {
            if (s instanceof Map<?, ?> m && label.equals(m.get("Sid"))) {
                throw SqsException.invalidParameter("Value " + label + " for parameter Label is invalid. Reason: Already exists.");
            }
        }
        if (statements.size() >= MAX_STATEMENTS) {
            throw sluice.api.sqs.SqsError.OVER_LIMIT.error("7 Actions were found, maximum allowed is 7.");
        }
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Sid", label);
        statement.put("Effect", "Allow");
        List<Object> principals = new ArrayList<>();
        accounts.forEach(a -> principals.add("arn:aws:iam::" + a + ":root"));
        statement.put("Principal", Map.of("AWS", principals.size() == 1 ? principals.get(0) : principals));
        List<Object> sqsActions = new ArrayList<>();
        actions.forEach(a -> sqsActions.add("SQS:" + a));
        statement.put("Action", sqsActions.size() == 1 ? sqsActions.get(0) : sqsActions);
        statement.put("Resource", queueArn.toString());
        statements.add(statement);
        return Json.write(policy);
    }

    /** The Policy text after removing a label, or null when no statement is left. */
    static String remove(String currentPolicy, Arn queueArn, String label) {
        Map<String, Object> policy = parse(currentPolicy, queueArn);
        List<Object> statements = statements(policy);
        boolean removed = statements.removeIf(s -> s instanceof Map<?, ?> m && String.valueOf(m.get("Sid")).equals(label));
        if (!removed) {
            throw SqsException.invalidParameter("Value " + label
                    + " for parameter Label is invalid. Reason: can't find label on existing policy.");
        }
        return statements.isEmpty() ? null : Json.write(policy);
    }

    /**
     * Whether the queue's Policy lets an AWS service send for its resource (SNS delivering a
     * topic's message): AWS requires such a grant even when topic and queue share an account.
     */
    static boolean allowsSend(String policy, Arn queueArn, DeliverySource source) {
        return ServicePrincipalPolicy.allows(policy, "sqs:SendMessage", queueArn, source);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String text, Arn queueArn) {
        if (text != null && !text.isEmpty() && Json.parse(text) instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("Version", "2012-10-17");
        policy.put("Id", queueArn + "/SQSDefaultPolicy");
        policy.put("Statement", new ArrayList<>());
        return policy;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> statements(Map<String, Object> policy) {
        Object s = policy.get("Statement");
        List<Object> list = s instanceof List<?> l ? new ArrayList<>((List<Object>) l) : s == null ? new ArrayList<>() : new ArrayList<>(List.of(s));
        policy.put("Statement", list);
        return list;
    }
}
