package sluice.protocol.auth;

import java.util.List;

/**
 * What a request claims about its signature, read from the Authorization header or the presigned query
 * parameters and checked for shape only.
 *
 * @param presigned      true for query-string ({@code X-Amz-*}) authentication
 * @param accessKeyId    first element of the credential scope
 * @param scopeDate      {@code yyyyMMdd} element of the credential scope
 * @param region         region element of the credential scope
 * @param service        service element of the credential scope
 * @param terminator     last element of the credential scope, {@code aws4_request} if well-formed
 * @param signedHeaders  the {@code SignedHeaders} list, verbatim ({@code ;}-separated lower-case names)
 * @param signature      the hex signature sent
 * @param amzDate        the request time in ISO-8601 basic form, as it goes into the string to sign
 * @param dateMillis     the request time
 * @param expiresSeconds {@code X-Amz-Expires}, or -1 when absent
 * @param query          the parsed query string
 */
record SignatureClaim(boolean presigned, String accessKeyId, String scopeDate, String region, String service,
                      String terminator, String signedHeaders, String signature, String amzDate, long dateMillis,
                      long expiresSeconds, List<QueryParameter> query) {

    String credentialScope() {
        return scopeDate + "/" + region + "/" + service + "/" + terminator;
    }
}
