package sluice.core.sns;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import sluice.api.sns.SnsError;
import sluice.api.sns.SnsException;
import sluice.common.Json;

/**
 * Topic access policies: AWS's default policy (the owner's account may do everything), the
 * statements AddPermission and RemovePermission edit, and the check of a call from another account
 * against the policy.
 *
 * <p>Design: the evaluation is deliberately small: an Allow statement applies when its Principal
 * is {@code *} or names the caller's account (id or {@code arn:aws:iam::id:root}), its Action
 * names the operation ({@code SNS:Publish}, {@code sns:*}, {@code *}), and its Condition, if any,
 * is the default policy's {@code StringEquals AWS:SourceOwner}; an explicit Deny wins. The owner's
 * own account is always allowed. Stateless.
 */
final class TopicPolicies {
    /** The actions AddPermission accepts, as AWS lists them. */
    static final Set<String> ACTIONS = Set.of("AddPermission", "DeleteTopic", "GetDataProtectionPolicy",
            "GetTopicAttributes", "ListSubscriptionsByTopic", "ListTagsForResource", "Publish",
            "PutDataProtectionPolicy", "RemovePermission", "SetTopicAttributes", "Subscribe");

    private TopicPolicies() {
    }

    static String defaultPolicy(String topicArn, String owner) {
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Sid", "__default_statement_ID");
        statement.put("Effect", "Allow");
        statement.put("Principal", Map.of("AWS", "*"));
        statement.put("Action", List.of("SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission",
                "SNS:RemovePermission", "SNS:DeleteTopic", "SNS:Subscribe", "SNS:ListSubscriptionsByTopic", "SNS:Publish"));
        statement.put("Resource", topicArn);
        statement.put("Condition", Map.of("StringEquals", Map.of("AWS:SourceOwner", owner)));
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("Version", "2008-10-17");
        policy.put("Id", "__default_policy_ID");
        policy.put("Statement", List.of(statement));
        return Json.write(policy);
    }

    /** The policy with a statement {@code label} added; a label already in use is InvalidParameter. */
    static String add(String policy, String topicArn, String owner, String label, List<String> accounts,
                      List<String> actions) {
        if (label.isEmpty() || label.length() > 80 || !label.matches("[A-Za-z0-9_-]+")) {
            throw SnsException.invalidParameter("Label");
        }
        if (accounts.isEmpty()) {
            throw SnsException.invalidParameter("AWSAccountId");
        }
        if (actions.isEmpty()) {
            throw SnsException.invalidParameter("ActionName");
        }
        List<String> qualified = new ArrayList<>();
        for (String action : actions) {
            if (!ACTIONS.contains(action)) {
                throw SnsException.invalidParameter("Policy statement action out of service scope!");
            }
            qualified.add("SNS:" + action);
        }
        Map<String, Object> document = parse(policy == null ? defaultPolicy(topicArn, owner) : policy);
        List<Object> statements = statements(document);
        for (Object s : statements) {
            if (s instanceof Map<?, ?> m && label.equals(m.get("Sid"))) {
                throw SnsException.invalidParameter("Statement already exists");
            }
        }
        List<Object> principals = new ArrayList<>();
        for (String account : accounts) {
            principals.add(account.equals("*") ? "*" : "arn:aws:iam::" + account + ":root");
        }
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Sid", label);
        statement.put("Effect", "Allow");
        statement.put("Principal", Map.of("AWS", principals.size() == 1 ? principals.get(0) : principals));
        statement.put("Action", qualified.size() == 1 ? qualified.get(0) : qualified);
        statement.put("Resource", topicArn);
        statements.add(statement);
        document.put("Statement", statements);
        return Json.write(document);
    }

    /** The policy without the statement {@code label}; removing an unknown label changes nothing. */
    static String remove(String policy, String topicArn, String owner, String label) {
        Map<String, Object> document = parse(policy == null ? defaultPolicy(topicArn, owner) : policy);
        List<Object> statements = statements(document);
        statements.removeIf(s -> s instanceof Map<?, ?> m && label.equals(m.get("Sid")));
        document.put("Statement", statements);
        return Json.write(document);
    }

    /**
     * Checks that {@code callerAccount} may call {@code action} on the topic; the owner always may.
     *
     * @throws SnsException AuthorizationError when the policy does not allow it
     */
    static void authorize(TopicRecord topic, String callerAccount, String action) {
        if (callerAccount.equals(topic.account())) {
            return;
        }
        String arn = topic.arn().toString();
        String policy = topic.attributes().getOrDefault(TopicAttributes.POLICY, defaultPolicy(arn, topic.account()));
        boolean allowed = false;
        for (Object s : statements(parse(policy))) {
            if (s instanceof Map<?, ?> statement && applies(statement, callerAccount, action)) {
                if ("Deny".equals(statement.get("Effect"))) {
                    allowed = false;
                    break;
                }
                allowed = true;
            }
        }
        if (!allowed) {
            throw SnsError.AUTHORIZATION_ERROR.error("User: arn:aws:iam::" + callerAccount + ":root is not authorized to "
                    + "perform: SNS:" + action + " on resource: " + arn
                    + " because no resource-based policy allows the SNS:" + action + " action");
        }
    }

    private static boolean applies(Map<?, ?> statement, String account, String action) {
        Object principal = statement.get("Principal");
        if (principal instanceof Map<?, ?> p) {
            principal = p.get("AWS");
        }
        if (!matchesAny(principal, v -> v.equals("*") || v.equals(account) || v.equals("arn:aws:iam::" + account + ":root"))) {
            return false;
        }
        String wanted = ("sns:" + action).toLowerCase(Locale.ROOT);
        if (!matchesAny(statement.get("Action"), v -> {
            String a = v.toLowerCase(Locale.ROOT);
            return a.equals("*") || a.equals("sns:*") || a.equals(wanted);
        })) {
            return false;
        }
        Object condition = statement.get("Condition");
        if (condition == null) {
            return true;
        }
        if (condition instanceof Map<?, ?> c && c.size() == 1 && c.get("StringEquals") instanceof Map<?, ?> eq
                && eq.size() == 1 && eq.get("AWS:SourceOwner") != null) {
            return matchesAny(eq.get("AWS:SourceOwner"), account::equals);
        }
        return false;
    }

    private static boolean matchesAny(Object value, java.util.function.Predicate<String> test) {
        if (value instanceof String s) {
            return test.test(s);
        }
        if (value instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof String s && test.test(s)) {
                    return true;
                }
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String policy) {
        try {
            if (Json.parse(policy) instanceof Map<?, ?> map) {
                return new LinkedHashMap<>((Map<String, Object>) map);
            }
        } catch (IllegalArgumentException e) {
            // a stored policy was validated as JSON; fall through
        }
        return new LinkedHashMap<>();
    }

    private static List<Object> statements(Map<String, Object> document) {
        Object s = document.get("Statement");
        List<Object> out = new ArrayList<>();
        if (s instanceof List<?> list) {
            out.addAll(list);
        } else if (s != null) {
            out.add(s);
        }
        return out;
    }
}
