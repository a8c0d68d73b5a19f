package sluice.core.sqs;

import sluice.common.Arn;

/**
 * Queue URLs: {@code {base}/{account}/{name}} when built, and any URL (or bare path) whose last two
 * path segments are the account and queue name when parsed, so URLs written with AWS's own host
 * name ({@code https://sqs.us-east-1.amazonaws.com/000000000000/orders}) work too.
 */
public final class QueueUrls {

    /** An account and queue name taken from a queue URL. */
    public record QueueAddress(String account, String name) {
    }

    private QueueUrls() {
    }

    public static String build(String baseUrl, String account, String name) {
        return baseUrl + "/" + account + "/" + name;
    }

    /** Parses a queue URL, or returns null when it has no {@code /account/name} path. */
    public static QueueAddress parse(String url) {
        if (url == null || url.isEmpty()) {
            return null;
        }
        String path = url;
        int scheme = url.indexOf("://");
        if (scheme >= 0) {
            int slash = url.indexOf('/', scheme + 3);
            path = slash < 0 ? "" : url.substring(slash);
        }
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String[] parts = path.split("/");
        if (parts.length < 3) {
            return null;
        }
        String account = parts[parts.length - 2];
        String name = parts[parts.length - 1];
        if (account.isEmpty() || name.isEmpty()) {
            return null;
        }
        return new QueueAddress(account, name);
    }

    public static Arn arn(String region, String account, String name) {
        return Arn.of("sqs", region, account, name);
    }
}
