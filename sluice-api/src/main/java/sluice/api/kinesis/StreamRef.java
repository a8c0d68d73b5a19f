package sluice.api.kinesis;

/** How a call names its stream: by StreamName, by StreamARN, or both (then they must agree). */
public record StreamRef(String name, String arn) {
}
