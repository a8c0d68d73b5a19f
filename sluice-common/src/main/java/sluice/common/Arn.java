package sluice.common;

/**
 * An Amazon Resource Name as AWS writes it: {@code arn:aws:service:region:account:resource}.
 * Sluice scopes every resource by account and region exactly as AWS does.
 */
public record Arn(String partition, String service, String region, String account, String resource) {

    public static Arn of(String service, String region, String account, String resource) {
        return new Arn("aws", service, region, account, resource);
    }

    /** Parses an ARN, or returns null when the text is not one. */
    public static Arn parse(String text) {
        if (text == null || !text.startsWith("arn:")) {
            return null;
        }
        String[] parts = text.split(":", 6);
        if (parts.length != 6 || parts[1].isEmpty() || parts[2].isEmpty()) {
            return null;
        }
        return new Arn(parts[1], parts[2], parts[3], parts[4], parts[5]);
    }

    @Override
    public String toString() {
        return "arn:" + partition + ":" + service + ":" + region + ":" + account + ":" + resource;
    }
}
