package sluice.api.sns;

/**
 * An SNS message attribute: a data type ({@code String}, {@code String.Array}, {@code Number},
 * {@code Binary}, each optionally followed by {@code .customType}) and a string or binary value.
 */
public record MessageAttributeValue(String dataType, String stringValue, byte[] binaryValue) {

    public static MessageAttributeValue string(String value) {
        return new MessageAttributeValue("String", value, null);
    }

    /** True when the data type is Binary or a custom Binary type. */
    public boolean isBinary() {
        return dataType != null && (dataType.equals("Binary") || dataType.startsWith("Binary."));
    }
}
