package sluice.api.sqs;

import java.util.List;

/**
 * A message attribute: a data type ({@code String}, {@code Number}, {@code Binary}, each optionally
 * followed by {@code .customType}) and a string or binary value. The list values exist in the model
 * but AWS does not accept them yet; they are kept so the decoder can reject them precisely.
 */
public record MessageAttributeValue(String dataType, String stringValue, byte[] binaryValue,
                                    List<String> stringListValues, List<byte[]> binaryListValues) {

    public static MessageAttributeValue string(String value) {
        return new MessageAttributeValue("String", value, null, List.of(), List.of());
    }

    public static MessageAttributeValue ofType(String dataType, String stringValue, byte[] binaryValue) {
        return new MessageAttributeValue(dataType, stringValue, binaryValue, List.of(), List.of());
    }

    /** True when the data type is Binary or a custom Binary type. */
    public boolean isBinary() {
        return dataType != null && (dataType.equals("Binary") || dataType.startsWith("Binary."));
    }
}
