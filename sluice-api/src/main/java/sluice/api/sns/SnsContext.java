package sluice.api.sns;

import sluice.common.Scope;

/**
 * Who is asking and where: the caller's account and region (from SigV4), and the base URL the
 * client reached us at ({@code http://localhost:4566}), from which the SigningCertURL and
 * UnsubscribeURL of notifications are built.
 */
public record SnsContext(Scope scope, String baseUrl) {
}
