package sluice.api.sns;

/** A resource tag as SNS carries it on the wire ({@code Tags.member.N.Key/Value}). */
public record Tag(String key, String value) {
}
