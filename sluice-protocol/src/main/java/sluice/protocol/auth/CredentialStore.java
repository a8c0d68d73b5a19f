package sluice.protocol.auth;

import java.util.Optional;

/** Looks up credentials by access key id. Called once per verified request, so it should be cheap. */
public interface CredentialStore {

    /** The credential for {@code accessKeyId}, or empty if the key is unknown. */
    Optional<Credential> find(String accessKeyId);
}
