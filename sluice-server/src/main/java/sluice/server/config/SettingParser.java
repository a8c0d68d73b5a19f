package sluice.server.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import sluice.server.config.ConfigLoader.Raw;

/**
 * Parses and validates the winning raw value of every {@link Setting} (or its default text, through
 * the same code) into a {@link SluiceConfig}. Every error reads {@code <origin>: <rule>}, where the
 * origin is the key and value as the user wrote them and the rule says what is allowed.
 */
final class SettingParser {

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:%\\-]+");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    private static final Pattern ACCESS_KEY = Pattern.compile("[A-Za-z0-9_.\\-]{1,128}");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");

    private final Map<Setting, Raw> given;
    private final Path workingDir;

    private SettingParser(Map<Setting, Raw> given, Path workingDir) {
        this.given = given;
        this.workingDir = workingDir;
    }

    static SluiceConfig parse(Map<Setting, Raw> given, Path workingDir) {
        return new SettingParser(given, workingDir.toAbsolutePath().normalize()).parse();
    }

    private SluiceConfig parse() {
        return new SluiceConfig(
                host(),
                (int) integer(Setting.PORT, 0, 65535),
                path(raw(Setting.DATA_DIR), Setting.DATA_DIR, workingDir),
                choice(Setting.ENGINE, Engine.class),
                choice(Setting.DURABILITY, Durability.class),
                credentials(),
                region(),
                tls(),
                integer(Setting.MAX_BODY_BYTES, 1, 1L << 30),
                (int) integer(Setting.MAX_HEADER_BYTES, 1024, 1 << 20),
                Duration.ofSeconds(integer(Setting.IDLE_TIMEOUT_SECONDS, 0, 86_400)),
                strictLimits(),
                publicUrl(),
                (int) integer(Setting.LANES, 1, 1024),
                outbound(),
                kinesisStrictLimits());
    }

    private OutboundConfig outbound() {
        Raw host = raw(Setting.SMTP_HOST);
        String smtpHost = null;
        if (!isUnset(host)) {
            smtpHost = text(Setting.SMTP_HOST, "a host name or IP address");
            if (!HOST.matcher(smtpHost).matches()) {
                throw fail(host, "smtp.host must be a host name or IP address");
            }
        }
        String from = text(Setting.SMTP_FROM, "an email address");
        if (!from.matches("[^@\\s<>]+@[^@\\s<>]+")) {
            throw fail(raw(Setting.SMTP_FROM), "smtp.from must be an email address such as sns@example.com");
        }
        return new OutboundConfig(lambdaFunctions(), smtpHost, (int) integer(Setting.SMTP_PORT, 1, 65535), from);
    }

    private Map<String, String> lambdaFunctions() {
        Raw r = raw(Setting.LAMBDA_ENDPOINTS);
        Map<String, String> out = new java.util.LinkedHashMap<>();
        if (isUnset(r)) {
            return out;
        }
        String rule = "lambda.functions must map Lambda function ARNs (arn:aws:lambda:REGION:ACCOUNT:function:NAME)"
                + " to http:// or https:// URLs; as text: ARN=URL entries separated by commas";
        if (r.value() instanceof String text) {
            for (String entry : text.split(",", -1)) {
                int eq = entry.indexOf('=');
                if (eq <= 0) {
                    throw fail(r, rule);
                }
                out.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
            }
        } else if (r.value() instanceof Map<?, ?> map) {
            map.forEach((k, v) -> out.put(String.valueOf(k), v instanceof String url ? url : ""));
        } else {
            throw fail(r, rule);
        }
        out.forEach((arn, url) -> {
            if (!arn.matches("arn:aws[a-z-]*:lambda:[a-z0-9-]+:\\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?")
                    || !(url.startsWith("http://") || url.startsWith("https://"))) {
                throw fail(r, rule + "; not valid: " + arn + "=" + url);
            }
        });
        return out;
    }

    /** The value given for a setting, else its default, else null. */
    private Raw raw(Setting s) {
        Raw r = given.get(s);
        if (r == null && s.defaultValue() != null) {
            r = new Raw(s.defaultValue(), "default " + s.key() + "=" + s.defaultValue());
        }
        return r;
    }

    private String text(Setting s, String rule) {
        Raw r = raw(s);
        if (!(r.value() instanceof String v)) {
            throw fail(r, s.key() + " must be " + rule);
        }
        return v.trim();
    }

    private long integer(Setting s, long min, long max) {
        String rule = "an integer " + min + ".." + max;
        String v = text(s, rule);
        try {
            long n = Long.parseLong(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw fail(raw(s), s.key() + " must be " + rule);
    }

    private <E extends Enum<E>> E choice(Setting s, Class<E> type) {
        List<String> allowed = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            allowed.add(e.name().toLowerCase(Locale.ROOT));
        }
        String rule = "one of " + String.join(", ", allowed);
        String v = text(s, rule).toUpperCase(Locale.ROOT);
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(v)) {
                return e;
            }
        }
        throw fail(raw(s), s.key() + " must be " + rule);
    }

    private boolean strictLimits() {
        String v = text(Setting.LIMITS, "one of strict, relaxed");
        if (v.equalsIgnoreCase("strict") || v.equalsIgnoreCase("relaxed")) {
            return v.equalsIgnoreCase("strict");
        }
        throw fail(raw(Setting.LIMITS), "limits must be one of strict, relaxed");
    }

    private boolean kinesisStrictLimits() {
        String v = text(Setting.KINESIS_LIMITS, "one of relaxed, strict");
        if (v.equalsIgnoreCase("strict") || v.equalsIgnoreCase("relaxed")) {
            return v.equalsIgnoreCase("strict");
        }
        throw fail(raw(Setting.KINESIS_LIMITS), "kinesis.limits must be one of relaxed, strict");
    }

    private String host() {
        String v = text(Setting.HOST, "a host name or IP address such as 127.0.0.1 or 0.0.0.0");
        if (v.startsWith("[") && v.endsWith("]")) {
            v = v.substring(1, v.length() - 1);
        }
        if (!HOST.matcher(v).matches()) {
            throw fail(raw(Setting.HOST), "host must be a host name or IP address such as 127.0.0.1 or 0.0.0.0");
        }
        return v;
    }

    private String region() {
        String v = text(Setting.REGION, "a region name such as us-east-1");
        if (!REGION.matcher(v).matches()) {
            throw fail(raw(Setting.REGION), "region must be a region name such as us-east-1");
        }
        return v;
    }

    /** A path from a raw value, resolved against the working directory. */
    static Path path(Raw r, Setting s, Path workingDir) {
        if (!(r.value() instanceof String v) || v.isBlank()) {
            throw fail(r, s.key() + " must be a file system path");
        }
        try {
            return workingDir.resolve(v.trim()).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw fail(r, s.key() + " must be a valid file system path (" + e.getReason() + ")");
        }
    }

    private TlsConfig tls() {
        Raw cert = raw(Setting.TLS_CERTIFICATE);
        Raw key = raw(Setting.TLS_PRIVATE_KEY);
        if (isUnset(cert) && isUnset(key)) {
            return TlsConfig.SELF_SIGNED;
        }
        if (isUnset(cert) || isUnset(key)) {
            Raw present = isUnset(cert) ? key : cert;
            String missing = isUnset(cert) ? "tls.certificate" : "tls.privateKey";
            throw fail(present, "tls.certificate and tls.privateKey go together, but " + missing
                    + " is not set (set both, or neither for a generated self-signed certificate)");
        }
        return new TlsConfig(readableFile(cert, Setting.TLS_CERTIFICATE), readableFile(key, Setting.TLS_PRIVATE_KEY));
    }

    private Path readableFile(Raw r, Setting s) {
        Path p = path(r, s, workingDir);
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            throw fail(r, s.key() + " must be a readable PEM file, and " + p + " is not");
        }
        return p;
    }

    private static boolean isUnset(Raw r) {
        return r == null || r.value() == null || (r.value() instanceof String s && s.isBlank());
    }

    private String publicUrl() {
        Raw r = raw(Setting.PUBLIC_URL);
        if (isUnset(r)) {
            return null;
        }
        String rule = "publicUrl must be an absolute http:// or https:// URL without query or fragment,"
                + " such as http://sluice.internal:4566";
        if (!(r.value() instanceof String v)) {
            throw fail(r, rule);
        }
        try {
            URI uri = new URI(v.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                    || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
                throw fail(r, rule);
            }
            String s = uri.toString();
            while (s.endsWith("/")) {
                s = s.substring(0, s.length() - 1);
            }
            return s;
        } catch (URISyntaxException e) {
            throw fail(r, rule);
        }
    }

    private List<CredentialConfig> credentials() {
        Raw r = raw(Setting.CREDENTIALS);
        List<CredentialConfig> out = new ArrayList<>();
        if (r.value() instanceof String text) {
            int n = 0;
            for (String entry : text.split(",", -1)) {
                n++;
                String e = entry.trim();
                int first = e.indexOf(':');
                int last = e.lastIndexOf(':');
                if (first <= 0 || last == first || last == e.length() - 1) {
                    throw fail(r, "credentials entry " + n + " must be ACCESS_KEY:SECRET_KEY:ACCOUNT"
                            + " (entries separated by commas), such as test:test:000000000000");
                }
                out.add(checked(r, n, new CredentialConfig(e.substring(0, first), e.substring(first + 1, last),
                        e.substring(last + 1))));
            }
        } else if (r.value() instanceof List<?> list) {
            int n = 0;
            for (Object item : list) {
                n++;
                if (!(item instanceof Map<?, ?> m) || !Set.of("accessKey", "secretKey", "account").equals(m.keySet())
                        || !m.values().stream().allMatch(v -> v instanceof String)) {
                    throw fail(r, "credentials entry " + n + " must be a map with exactly the keys accessKey,"
                            + " secretKey and account (strings)");
                }
                out.add(checked(r, n, new CredentialConfig((String) m.get("accessKey"), (String) m.get("secretKey"),
                        (String) m.get("account"))));
            }
        } else {
            throw fail(r, "credentials must be a list of ACCESS_KEY:SECRET_KEY:ACCOUNT");
        }
        if (out.isEmpty()) {
            throw fail(r, "credentials must list at least one ACCESS_KEY:SECRET_KEY:ACCOUNT");
        }
        Set<String> keys = new HashSet<>();
        for (CredentialConfig c : out) {
            if (!keys.add(c.accessKey())) {
                throw fail(r, "credentials lists the access key " + c.accessKey() + " twice; access keys must be unique");
            }
        }
        return out;
    }

    private static CredentialConfig checked(Raw r, int n, CredentialConfig c) {
        String where = "credentials entry " + n;
        if (!ACCESS_KEY.matcher(c.accessKey()).matches()) {
            throw fail(r, where + ": the access key must be 1..128 letters, digits, '_', '.' or '-'");
        }
        if (c.secretKey().isEmpty() || c.secretKey().chars().anyMatch(Character::isWhitespace)) {
            throw fail(r, where + " (access key " + c.accessKey() + "): the secret key must be non-empty, without spaces");
        }
        if (!ACCOUNT.matcher(c.account()).matches()) {
            throw fail(r, where + " (access key " + c.accessKey() + "): the account must be exactly 12 digits");
        }
        return c;
    }

    private static ConfigException fail(Raw r, String rule) {
        return new ConfigException(r.origin() + ": " + rule);
    }
}
