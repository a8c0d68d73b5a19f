package sluice.server.route;

import sluice.server.http.InboundRequest;

/**
 * The service a request's SigV4 credential scope names ({@code …/us-east-1/sns/aws4_request}), read
 * from the Authorization header or the presigned {@code X-Amz-Credential} parameter without
 * verifying anything. Used only to answer a request that failed authentication (or was too large
 * to read) in the dialect of the service it was meant for.
 */
final class CredentialScope {

    private CredentialScope() {
    }

    /** The scope's service, or null when the request carries no readable credential scope. */
    static String service(InboundRequest request) {
        String credential = null;
        String authorization = request.header("authorization");
        if (authorization != null) {
            int at = authorization.indexOf("Credential=");
            if (at >= 0) {
                int end = authorization.indexOf(',', at);
                credential = authorization.substring(at + "Credential=".length(), end < 0 ? authorization.length() : end);
            }
        } else if (request.rawQuery() != null) {
            for (String part : request.rawQuery().split("&")) {
                if (part.startsWith("X-Amz-Credential=")) {
                    credential = java.net.URLDecoder.decode(part.substring("X-Amz-Credential=".length()),
                            java.nio.charset.StandardCharsets.UTF_8);
                }
            }
        }
        if (credential == null) {
            return null;
        }
        String[] parts = credential.trim().split("/");
        return parts.length == 5 ? parts[3] : null;
    }
}
