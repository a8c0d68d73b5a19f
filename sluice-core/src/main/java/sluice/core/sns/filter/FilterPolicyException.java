package sluice.core.sns.filter;

/**
 * A filter policy AWS would reject. {@link #getMessage()} is AWS's text without the
 * {@code "Invalid parameter: FilterPolicy: "} prefix; {@link #parameterMessage()} is the text AWS puts after
 * {@code "Invalid parameter: "} (or after {@code "Invalid parameter: Attributes Reason: "} on {@code Subscribe}).
 * AWS omits the {@code "FilterPolicy: "} part for one error (a nested policy under the {@code MessageAttributes}
 * scope), which {@link #namesFilterPolicy()} reports.
 */
public final class FilterPolicyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean namesFilterPolicy;

    public FilterPolicyException(String message) {
        this(message, true);
    }

    FilterPolicyException(String message, boolean namesFilterPolicy) {
        super(message, null, false, false);
        this.namesFilterPolicy = namesFilterPolicy;
    }

    /** Whether AWS writes this error as {@code "FilterPolicy: " + getMessage()}. */
    public boolean namesFilterPolicy() {
        return namesFilterPolicy;
    }

    /** The text after {@code "Invalid parameter: "}, e.g. {@code "FilterPolicy: Filter policy is too complex"}. */
    public String parameterMessage() {
        return namesFilterPolicy ? "FilterPolicy: " + getMessage() : getMessage();
    }
}
