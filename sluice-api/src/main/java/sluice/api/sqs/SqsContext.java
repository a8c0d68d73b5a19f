package sluice.api.sqs;

import sluice.common.Scope;

/**
 * Who is asking and where: the caller's account and region (from SigV4), and the base URL the
 * client reached us at ({@code http://localhost:4566}), from which queue URLs are built.
 */
public record SqsContext(Scope scope, String baseUrl) {
}
