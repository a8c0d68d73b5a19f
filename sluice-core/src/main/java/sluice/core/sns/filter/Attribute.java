package sluice.core.sns.filter;

/**
 * One SNS message attribute as published: its {@code DataType} ({@code String}, {@code String.Array}, {@code Number},
 * {@code Binary}, optionally with a custom label such as {@code Number.float}) and its string value (for
 * {@code String.Array}, the JSON array text; for {@code Binary}, whatever the caller keeps, it is never matched).
 */
public record Attribute(String dataType, String value) {}
