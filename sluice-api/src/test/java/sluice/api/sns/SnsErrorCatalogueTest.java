package sluice.api.sns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Pins the query codes and statuses of the SNS catalogue to shared/aws-api/errors.md. */
class SnsErrorCatalogueTest {

    @Test
    void modeledShapesHaveAwsCodesAndStatuses() {
        assertEquals("NotFound/404", of(SnsError.NOT_FOUND));
        assertEquals("InvalidParameter/400", of(SnsError.INVALID_PARAMETER));
        assertEquals("ParameterValueInvalid/400", of(SnsError.INVALID_PARAMETER_VALUE));
        assertEquals("AuthorizationError/403", of(SnsError.AUTHORIZATION_ERROR));
        assertEquals("ResourceNotFound/404", of(SnsError.RESOURCE_NOT_FOUND));
        assertEquals("Throttled/429", of(SnsError.THROTTLED));
        assertEquals("FilterPolicyLimitExceeded/403", of(SnsError.FILTER_POLICY_LIMIT_EXCEEDED));
        assertEquals("TooManyEntriesInBatchRequest/400", of(SnsError.TOO_MANY_ENTRIES_IN_BATCH_REQUEST));
        assertEquals("InternalError/500", of(SnsError.INTERNAL_ERROR));
        assertEquals(false, SnsError.INTERNAL_ERROR.senderFault());
    }

    @Test
    void everyModeledShapeOfErrorsMdIsInTheCatalogue() {
        Set<String> shapes = EnumSet.allOf(SnsError.class).stream().map(SnsError::shape).collect(Collectors.toSet());
        for (String shape : Set.of("AuthorizationErrorException", "BatchEntryIdsNotDistinctException",
                "BatchRequestTooLongException", "ConcurrentAccessException", "EmptyBatchRequestException",
                "EndpointDisabledException", "FilterPolicyLimitExceededException", "InternalErrorException",
                "InvalidBatchEntryIdException", "InvalidParameterException", "InvalidParameterValueException",
                "InvalidSecurityException", "InvalidStateException", "KMSAccessDeniedException", "KMSDisabledException",
                "KMSInvalidStateException", "KMSNotFoundException", "KMSOptInRequired", "KMSThrottlingException",
                "NotFoundException", "OptedOutException", "PlatformApplicationDisabledException",
                "ReplayLimitExceededException", "ResourceNotFoundException", "StaleTagException",
                "SubscriptionLimitExceededException", "TagLimitExceededException", "TagPolicyException",
                "ThrottledException", "TooManyEntriesInBatchRequestException", "TopicLimitExceededException",
                "UserErrorException", "ValidationException", "VerificationException")) {
            assertEquals(true, shapes.contains(shape), shape);
        }
    }

    private static String of(SnsError e) {
        return e.queryCode() + "/" + e.httpStatus();
    }
}
