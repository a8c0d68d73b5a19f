package sluice.core.delivery;

import sluice.common.Arn;

/**
 * Who sends through a delivery port, as the target's resource policy sees it: an AWS service
 * principal (for example {@code sns.amazonaws.com}) acting for a source resource, whose ARN and
 * account are the {@code aws:SourceArn} and {@code aws:SourceAccount} condition keys.
 */
public record DeliverySource(String servicePrincipal, Arn sourceArn) {
    public static final String SNS = "sns.amazonaws.com";

    public String sourceAccount() {
        return sourceArn.account();
    }
}
