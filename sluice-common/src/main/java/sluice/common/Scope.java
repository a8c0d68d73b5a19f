package sluice.common;

/** The account and region a request acts in: from the access key's owner and the credential scope. */
public record Scope(String account, String region) {
}
