package sluice.core.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import sluice.common.Arn;
import sluice.common.Json;

/**
 * Evaluates a resource policy (an SQS queue's Policy attribute, IAM policy grammar) for a request
 * an AWS service makes for one of its resources, such as SNS delivering a topic's message to a
 * queue: an explicit Deny wins, else an Allow that applies grants, else the request is denied
 * (implicit deny, whatever the accounts, as AWS's fan-out guide requires a queue policy that
 * allows the topic to {@code sqs:SendMessage}).
 *
 * <p>A statement applies when its Principal is {@code "*"}, {@code {"AWS":"*"}} or names the
 * service ({@code {"Service":"sns.amazonaws.com"}}; account principals name accounts, not the
 * service), its Action and Resource match (IAM wildcards {@code *} and {@code ?}; NotPrincipal,
 * NotAction and NotResource invert), and every condition holds. Conditions read the keys
 * {@code aws:SourceArn}, {@code aws:SourceAccount} and {@code aws:SourceOwner} (case-insensitive)
 * with the operators ArnEquals, ArnLike (the same in IAM: each of the six ARN parts matched with
 * wildcards), ArnNotEquals, ArnNotLike, StringEquals, StringNotEquals, StringEqualsIgnoreCase,
 * StringNotEqualsIgnoreCase, StringLike, StringNotLike, each also with the {@code IfExists} suffix.
 * Another key is absent from the request, as IAM treats absent keys (only the negated operators and
 * IfExists hold); another operator never holds, so its statement neither grants nor denies. Stateless.
 */
public final class ServicePrincipalPolicy {
    private static final Set<String> OPERATORS = Set.of("ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike",
            "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike",
            "StringNotLike");
    private static final int MAX_CACHED = 4096;
    /**
     * Decisions already made: a queue's Policy is one String instance until it is changed, so a hot
     * fan-out evaluates each (policy, topic, queue) once rather than once per message.
     */
    private static final Map<Question, Boolean> DECIDED = new ConcurrentHashMap<>();

    private record Question(String policy, String action, Arn resource, DeliverySource source) {
    }

    private ServicePrincipalPolicy() {
    }

    /** Whether the policy lets {@code source} perform {@code action} (e.g. {@code sqs:SendMessage}) on {@code resource}. */
    public static boolean allows(String policy, String action, Arn resource, DeliverySource source) {
        if (policy == null || policy.isEmpty()) {
            return false;
        }
        Question question = new Question(policy, action, resource, source);
        Boolean decided = DECIDED.get(question);
        if (decided == null) {
            decided = evaluate(policy, action, resource, source);
            if (DECIDED.size() >= MAX_CACHED) {
                DECIDED.clear();
            }
            DECIDED.put(question, decided);
        }
        return decided;
    }

    private static boolean evaluate(String policy, String action, Arn resource, DeliverySource source) {
        Object document;
        try {
            document = Json.parse(policy);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (!(document instanceof Map<?, ?>)) {
            return false;
        }
        boolean allowed = false;
        for (Object s : list(((Map<?, ?>) document).get("Statement"))) {
            if (s instanceof Map<?, ?> statement && applies(statement, action, resource, source)) {
                if ("Deny".equals(statement.get("Effect"))) {
                    return false;
                }
                allowed |= "Allow".equals(statement.get("Effect"));
            }
        }
        return allowed;
    }

    private static boolean applies(Map<?, ?> statement, String action, Arn resource, DeliverySource source) {
        boolean principal = statement.containsKey("NotPrincipal")
                ? !principalMatches(statement.get("NotPrincipal"), source)
                : principalMatches(statement.get("Principal"), source);
        boolean actionMatches = statement.containsKey("NotAction")
                ? !anyMatches(statement.get("NotAction"), a -> Wildcard.matches(a, action, true))
                : anyMatches(statement.get("Action"), a -> Wildcard.matches(a, action, true));
        String arn = resource.toString();
        boolean resourceMatches = statement.containsKey("NotResource")
                ? !anyMatches(statement.get("NotResource"), r -> arnMatches(r, arn))
                : !statement.containsKey("Resource") || anyMatches(statement.get("Resource"), r -> arnMatches(r, arn));
        return principal && actionMatches && resourceMatches && conditionsHold(statement.get("Condition"), source);
    }

    private static boolean principalMatches(Object principal, DeliverySource source) {
        if ("*".equals(principal)) {
            return true;
        }
        if (!(principal instanceof Map<?, ?> p)) {
            return false;
        }
        return anyMatches(p.get("AWS"), "*"::equals) || anyMatches(p.get("Service"), source.servicePrincipal()::equalsIgnoreCase);
    }

    private static boolean conditionsHold(Object condition, DeliverySource source) {
        if (condition == null) {
            return true;
        }
        if (!(condition instanceof Map<?, ?> operators)) {
            return false;
        }
        for (Map.Entry<?, ?> op : operators.entrySet()) {
            if (!(op.getValue() instanceof Map<?, ?> keys)) {
                return false;
            }
            for (Map.Entry<?, ?> key : keys.entrySet()) {
                if (!holds(String.valueOf(op.getKey()), String.valueOf(key.getKey()), key.getValue(), source)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean holds(String operator, String key, Object expected, DeliverySource source) {
        boolean ifExists = operator.endsWith("IfExists");
        String op = ifExists ? operator.substring(0, operator.length() - "IfExists".length()) : operator;
        if (!OPERATORS.contains(op)) {
            return false;
        }
        String actual = switch (key.toLowerCase(Locale.ROOT)) {
            case "aws:sourcearn" -> source.sourceArn().toString();
            case "aws:sourceaccount", "aws:sourceowner" -> source.sourceAccount();
            default -> null;
        };
        boolean negated = op.contains("Not");
        if (actual == null) {
            // IAM: a key missing from the request matches no value; the negated operators then hold
            return ifExists || negated;
        }
        boolean any;
        if (op.startsWith("Arn")) {
            any = anyMatches(expected, v -> arnMatches(v, actual));
        } else if (op.endsWith("IgnoreCase")) {
            any = anyMatches(expected, actual::equalsIgnoreCase);
        } else if (op.endsWith("Like")) {
            any = anyMatches(expected, v -> Wildcard.matches(v, actual, false));
        } else {
            any = anyMatches(expected, actual::equals);
        }
        return negated != any;
    }

    /** IAM's ARN matching: the six colon-separated parts compared one by one, each with wildcards. */
    static boolean arnMatches(String pattern, String arn) {
        if (pattern.equals("*")) {
            return true;
        }
        String[] p = pattern.split(":", 6);
        String[] a = arn.split(":", 6);
        if (p.length != 6 || a.length != 6) {
            return false;
        }
        for (int i = 0; i < 6; i++) {
            if (!Wildcard.matches(p[i], a[i], false)) {
                return false;
            }
        }
        return true;
    }

    private static boolean anyMatches(Object value, java.util.function.Predicate<String> test) {
        for (Object v : list(value)) {
            if (v instanceof String s && test.test(s)) {
                return true;
            }
        }
        return false;
    }

    private static List<Object> list(Object value) {
        List<Object> out = new ArrayList<>();
        if (value instanceof List<?> l) {
            out.addAll(l);
        } else if (value != null) {
            out.add(value);
        }
        return out;
    }

    /** IAM wildcards: {@code *} any run of characters, {@code ?} any one character. */
    static final class Wildcard {
        private Wildcard() {
        }

        static boolean matches(String pattern, String text, boolean ignoreCase) {
            String p = ignoreCase ? pattern.toLowerCase(Locale.ROOT) : pattern;
            String t = ignoreCase ? text.toLowerCase(Locale.ROOT) : text;
            int pi = 0;
            int ti = 0;
            int star = -1;
            int mark = 0;
            while (ti < t.length()) {
                if (pi < p.length() && (p.charAt(pi) == '?' || p.charAt(pi) == t.charAt(ti))) {
                    pi++;
                    ti++;
                } else if (pi < p.length() && p.charAt(pi) == '*') {
                    star = pi++;
                    mark = ti;
                } else if (star >= 0) {
                    pi = star + 1;
                    ti = ++mark;
                } else {
                    return false;
                }
            }
            while (pi < p.length() && p.charAt(pi) == '*') {
                pi++;
            }
            return pi == p.length();
        }
    }
}
