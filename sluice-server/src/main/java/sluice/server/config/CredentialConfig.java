package sluice.server.config;

import java.util.Objects;

/** One accepted credential pair and the (12-digit) account it belongs to. */
public record CredentialConfig(String accessKey, String secretKey, String account) {

    public CredentialConfig {
        Objects.requireNonNull(accessKey, "accessKey");
        Objects.requireNonNull(secretKey, "secretKey");
        Objects.requireNonNull(account, "account");
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "CredentialConfig[accessKey=" + accessKey + ", secretKey=***, account=" + account + "]";
    }
}
