package sluice.server.config;

import java.util.Locale;

/**
 * The one table of every setting (after Aeron's {@code Configuration}): its name (also the YAML
 * key; dotted names are nested YAML maps), environment variable, command-line flag, default and a
 * one-line description. {@link ConfigLoader} reads sources by this table, parses the default text
 * through the same code as user input, and prints {@code --help} from it, so a setting is defined
 * exactly once. Parsing and validation per setting live in {@link ConfigLoader}.
 */
public enum Setting {
    CONFIG("config", "--config", "<file>", null,
            "YAML file with settings (default: ./sluice.yaml if present; not a YAML key itself)"),
    HOST("host", "--host", "<address>", "127.0.0.1",
            "address to listen on (0.0.0.0 for every interface)"),
    PORT("port", "--port", "<0..65535>", "4566",
            "TCP port for HTTP/1.1, h2c and TLS (h2, http/1.1) alike; 0 picks a free port"),
    DATA_DIR("dataDir", "--data-dir", "<dir>", "./data",
            "directory for durable data (engine rocksdb); relative to the working directory"),
    ENGINE("engine", "--engine", "rocksdb|memory", "rocksdb",
            "storage engine: rocksdb (durable, on disk) or memory (gone at exit)"),
    DURABILITY("durability", "--durability", "fsync|os|none", "fsync",
            "when a write is acknowledged: fsync (survives power loss), os (survives a crash), none (no WAL)"),
    REGION("region", "--region", "<region>", "us-east-1",
            "region used in ARNs and queue URLs when a request does not name one"),
    CREDENTIALS("credentials", "--credentials", "<AK:SECRET:ACCOUNT,...>", "test:test:000000000000",
            "accepted credentials (SigV4), each ACCESS_KEY:SECRET_KEY:12-DIGIT-ACCOUNT; YAML: list of {accessKey, secretKey, account}"),
    TLS_CERTIFICATE("tls.certificate", "--tls-certificate", "<pem file>", null,
            "TLS certificate chain (PEM), with tls.privateKey; neither: a self-signed certificate for localhost is generated"),
    TLS_PRIVATE_KEY("tls.privateKey", "--tls-private-key", "<pem file>", null,
            "TLS private key (PEM, PKCS#8 or traditional), with tls.certificate"),
    MAX_BODY_BYTES("maxBodyBytes", "--max-body-bytes", "<bytes>", "16777216",
            "largest request body accepted; larger ones are refused from their headers (1..1073741824)"),
    MAX_HEADER_BYTES("maxHeaderBytes", "--max-header-bytes", "<bytes>", "16384",
            "largest request header block, HTTP/1.1 and HTTP/2 (1024..1048576)"),
    IDLE_TIMEOUT_SECONDS("idleTimeoutSeconds", "--idle-timeout-seconds", "<seconds>", "120",
            "close connections idle this long; requests in progress are never cut (0 = never, max 86400)"),
    LIMITS("limits", "--limits", "strict|relaxed", "strict",
            "strict: AWS service limits are enforced; relaxed: limits are lifted where harmless"),
    KINESIS_LIMITS("kinesis.limits", "--kinesis-limits", "relaxed|strict", "relaxed",
            "Kinesis per-shard throughput: strict refuses past 1 MiB or 1,000 records/s in and 2 MiB or 5 GetRecords calls/s out per shard, as AWS does; relaxed refuses none"),
    PUBLIC_URL("publicUrl", "--public-url", "<url>", null,
            "base URL used in queue URLs (default: derived from each request's Host header)"),
    LANES("lanes", "--lanes", "<1..1024>", String.valueOf(Math.max(2, Runtime.getRuntime().availableProcessors())),
            "number of processing lanes (default: number of processors, at least 2)"),
    LAMBDA_ENDPOINTS("lambda.functions", "--lambda-endpoints", "<FUNCTION_ARN=URL,...>", null,
            "Lambda-Invoke-compatible API per function ARN, for SNS lambda subscriptions; YAML: map of ARN to URL"),
    SMTP_HOST("smtp.host", "--smtp-host", "<host>", null,
            "SMTP relay for SNS email and email-json subscriptions (unset: email is not sent)"),
    SMTP_PORT("smtp.port", "--smtp-port", "<1..65535>", "25",
            "port of the SMTP relay"),
    SMTP_FROM("smtp.from", "--smtp-from", "<address>", "no-reply@sns.sluice.local",
            "sender address of SNS email");

    private final String key;
    private final String flag;
    private final String argument;
    private final String defaultValue;
    private final String doc;

    Setting(String key, String flag, String argument, String defaultValue, String doc) {
        this.key = key;
        this.flag = flag;
        this.argument = argument;
        this.defaultValue = defaultValue;
        this.doc = doc;
    }

    /** The setting's name, which is also its YAML key (dotted = nested map). */
    public String key() {
        return key;
    }

    /** The command-line flag, for example {@code --data-dir}. */
    public String flag() {
        return flag;
    }

    /** The environment variable, derived from the flag: {@code --data-dir} is {@code SLUICE_DATA_DIR}. */
    public String env() {
        return "SLUICE_" + flag.substring(2).replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /** How the value looks, for {@code --help}. */
    public String argument() {
        return argument;
    }

    /** The default as text (parsed like user input), or null when unset by default. */
    public String defaultValue() {
        return defaultValue;
    }

    public String doc() {
        return doc;
    }

    /** Whether the setting may appear in a YAML file. */
    public boolean inYaml() {
        return this != CONFIG;
    }

    /** Whether its values must never be echoed in messages. */
    boolean secret() {
        return this == CREDENTIALS;
    }
}
