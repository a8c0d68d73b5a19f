package sluice.server.config;

/**
 * A configuration that cannot be used. The message names the offending key (as the user wrote it:
 * flag, environment variable or YAML key, with its value) and says what is allowed, for example
 * {@code SLUICE_PORT=abc: port must be an integer 0..65535}; Main prefixes it with
 * {@code sluice: invalid configuration: }.
 */
public final class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
