package sluice.protocol.auth;

/**
 * An access key pair and the account it belongs to.
 *
 * @param accessKeyId the public half, as sent in the credential scope
 * @param secretKey   the secret half, used to derive signing keys; never printed by {@link #toString()}
 * @param accountId   the 12-digit account the key acts for
 */
public record Credential(String accessKeyId, String secretKey, String accountId) {

    @Override
    public String toString() {
        return "Credential[accessKeyId=" + accessKeyId + ", secretKey=<redacted>, accountId=" + accountId + "]";
    }
}
