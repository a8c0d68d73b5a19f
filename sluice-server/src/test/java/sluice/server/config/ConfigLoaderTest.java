package sluice.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private SluiceConfig load(Map<String, String> env, String... args) {
        return ConfigLoader.load(args, env, dir);
    }

    private String error(Map<String, String> env, String... args) {
        return assertThrows(ConfigException.class, () -> load(env, args)).getMessage();
    }

    private Path yaml(String text) throws IOException {
        return Files.writeString(dir.resolve("sluice.yaml"), text);
    }

    @Test
    void snsOutboundSettingsFromYamlEnvAndFlags() throws IOException {
        assertEquals(new OutboundConfig(Map.of(), null, 25, "no-reply@sns.sluice.local"), load(Map.of()).outbound());
        yaml("""
                lambda:
                  functions:
                    "arn:aws:lambda:us-east-1:000000000000:function:f": http://127.0.0.1:9000
                smtp:
                  host: mail.internal
                  port: 2525
                  from: sns@example.com
                """);
        OutboundConfig c = load(Map.of()).outbound();
        assertEquals(Map.of("arn:aws:lambda:us-east-1:000000000000:function:f", "http://127.0.0.1:9000"), c.lambdaFunctions());
        assertEquals("mail.internal", c.smtpHost());
        assertEquals(2525, c.smtpPort());
        assertEquals("sns@example.com", c.smtpFrom());
        OutboundConfig env = load(Map.of("SLUICE_LAMBDA_ENDPOINTS",
                "arn:aws:lambda:us-east-1:000000000000:function:g:live=http://h:1"), "--smtp-port", "26").outbound();
        assertEquals(Map.of("arn:aws:lambda:us-east-1:000000000000:function:g:live", "http://h:1"), env.lambdaFunctions());
        assertEquals(26, env.smtpPort());
        assertEquals("SLUICE_LAMBDA_ENDPOINTS=nonsense: lambda.functions must map Lambda function ARNs "
                + "(arn:aws:lambda:REGION:ACCOUNT:function:NAME) to http:// or https:// URLs; as text: ARN=URL entries "
                + "separated by commas", error(Map.of("SLUICE_LAMBDA_ENDPOINTS", "nonsense")));
    }

    @Test
    void defaults() {
        SluiceConfig c = load(Map.of());
        assertEquals("127.0.0.1", c.host());
        assertEquals(4566, c.port());
        assertEquals(dir.resolve("data"), c.dataDir());
        assertEquals(Engine.ROCKSDB, c.engine());
        assertEquals(Durability.FSYNC, c.durability());
        assertEquals(List.of(new CredentialConfig("test", "test", "000000000000")), c.credentials());
        assertEquals("us-east-1", c.defaultRegion());
        assertEquals(TlsConfig.SELF_SIGNED, c.tls());
        assertEquals(16_777_216L, c.maxBodyBytes());
        assertEquals(16_384, c.maxHeaderBytes());
        assertEquals(Duration.ofSeconds(120), c.idleTimeout());
        assertTrue(c.strictLimits());
        assertNull(c.publicUrl());
        assertEquals(Math.max(2, Runtime.getRuntime().availableProcessors()), c.lanes());
        assertEquals(c.withDataDir(Path.of("").toAbsolutePath().resolve("data")), SluiceConfig.defaults());
    }

    @Test
    void yamlFileSetsEverySetting() throws IOException {
        Path cert = Files.writeString(dir.resolve("c.pem"), "cert");
        Path key = Files.writeString(dir.resolve("k.pem"), "key");
        yaml("""
                host: 0.0.0.0
                port: 9000
                dataDir: /var/lib/sluice
                engine: memory
                durability: os
                region: eu-west-2
                credentials:
                  - {accessKey: AKIA1, secretKey: s3cr:et, account: 000000000001}
                  - accessKey: AKIA2
                    secretKey: other
                    account: "123456789012"
                tls:
                  certificate: c.pem
                  privateKey: k.pem
                maxBodyBytes: 1048576
                maxHeaderBytes: 32768
                idleTimeoutSeconds: 30
                limits: relaxed
                publicUrl: https://sluice.example.com:8443/
                lanes: 7
                """);
        SluiceConfig c = load(Map.of());
        assertEquals("0.0.0.0", c.host());
        assertEquals(9000, c.port());
        assertEquals(Path.of("/var/lib/sluice"), c.dataDir());
        assertEquals(Engine.MEMORY, c.engine());
        assertEquals(Durability.OS, c.durability());
        assertEquals("eu-west-2", c.defaultRegion());
        assertEquals(List.of(new CredentialConfig("AKIA1", "s3cr:et", "000000000001"),
                new CredentialConfig("AKIA2", "other", "123456789012")), c.credentials());
        assertEquals(new TlsConfig(cert, key), c.tls());
        assertEquals(1_048_576L, c.maxBodyBytes());
        assertEquals(32_768, c.maxHeaderBytes());
        assertEquals(Duration.ofSeconds(30), c.idleTimeout());
        assertFalse(c.strictLimits());
        assertEquals("https://sluice.example.com:8443", c.publicUrl());
        assertEquals(7, c.lanes());
    }

    @Test
    void emptyYamlValuesAndEmptyFileMeanDefaults() throws IOException {
        yaml("publicUrl:\nport: ~\ntls:\n");
        assertEquals(4566, load(Map.of()).port());
        yaml("");
        assertEquals(4566, load(Map.of()).port());
    }

    @Test
    void configFileIsFoundByFlagThenEnvThenDefaultName() throws IOException {
        Files.writeString(dir.resolve("a.yaml"), "port: 1001\n");
        Files.writeString(dir.resolve("b.yaml"), "port: 1002\n");
        yaml("port: 1003\n");
        assertEquals(1001, load(Map.of("SLUICE_CONFIG", "b.yaml"), "--config", "a.yaml").port());
        assertEquals(1002, load(Map.of("SLUICE_CONFIG", "b.yaml")).port());
        assertEquals(1003, load(Map.of()).port());
    }

    @Test
    void envOverridesYamlAndFlagsOverrideEnv() throws IOException {
        yaml("port: 1000\nengine: memory\nregion: eu-west-1\n");
        SluiceConfig c = load(Map.of("SLUICE_PORT", "2000", "SLUICE_REGION", "eu-west-3", "UNRELATED", "x",
                "SLUICE_SOMETHING_ELSE", "ignored"), "--region=ap-south-1");
        assertEquals(2000, c.port());             // env over YAML
        assertEquals(Engine.MEMORY, c.engine());  // YAML over default
        assertEquals("ap-south-1", c.defaultRegion()); // flag over env
        assertEquals(3000, load(Map.of("SLUICE_PORT", "2000"), "--port", "3000").port());
    }

    @Test
    void everyFlagHasItsEnvVariable() {
        SluiceConfig c = load(Map.of("SLUICE_HOST", "::1", "SLUICE_DATA_DIR", "d", "SLUICE_ENGINE", "MEMORY",
                "SLUICE_DURABILITY", "none", "SLUICE_MAX_BODY_BYTES", "10", "SLUICE_MAX_HEADER_BYTES", "2048",
                "SLUICE_IDLE_TIMEOUT_SECONDS", "0", "SLUICE_LIMITS", "relaxed", "SLUICE_PUBLIC_URL", "http://q:1",
                "SLUICE_LANES", "3"));
        assertEquals("::1", c.host());
        assertEquals(dir.resolve("d"), c.dataDir());
        assertEquals(Engine.MEMORY, c.engine());
        assertEquals(Durability.NONE, c.durability());
        assertEquals(10, c.maxBodyBytes());
        assertEquals(2048, c.maxHeaderBytes());
        assertEquals(Duration.ZERO, c.idleTimeout());
        assertFalse(c.strictLimits());
        assertEquals("http://q:1", c.publicUrl());
        assertEquals(3, c.lanes());
    }

    @Test
    void credentialsFromEnvAndFlag() {
        assertEquals(List.of(new CredentialConfig("AK", "SECRET", "111111111111"), new CredentialConfig("AK2", "S2", "222222222222")),
                load(Map.of("SLUICE_CREDENTIALS", "AK:SECRET:111111111111, AK2:S2:222222222222")).credentials());
        assertEquals(List.of(new CredentialConfig("F", "a:b", "333333333333")),
                load(Map.of("SLUICE_CREDENTIALS", "AK:SECRET:111111111111"), "--credentials", "F:a:b:333333333333").credentials());
    }

    @Test
    void durabilityNoneWithRocksdbIsAllowed() {
        SluiceConfig c = load(Map.of(), "--engine", "rocksdb", "--durability", "none");
        assertEquals(Durability.NONE, c.durability());
        assertEquals(Engine.ROCKSDB, c.engine());
    }

    @Test
    void tlsFilesResolveAgainstTheWorkingDirectory() throws IOException {
        Files.writeString(dir.resolve("c.pem"), "x");
        Files.writeString(dir.resolve("k.pem"), "y");
        assertEquals(new TlsConfig(dir.resolve("c.pem"), dir.resolve("k.pem")),
                load(Map.of("SLUICE_TLS_CERTIFICATE", "c.pem"), "--tls-private-key", "k.pem").tls());
    }

    @Test
    void theExampleErrorReadsExactly() {
        assertEquals("SLUICE_PORT=abc: port must be an integer 0..65535", error(Map.of("SLUICE_PORT", "abc")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--port|70000|--port=70000: port must be an integer 0..65535",
        "--host|a b|--host=a b: host must be",
        "--data-dir|''|--data-dir=: dataDir must be",
        "--engine|disk|--engine=disk: engine must be one of rocksdb, memory",
        "--durability|sometimes|--durability=sometimes: durability must be one of fsync, os, none",
        "--region|Mars|--region=Mars: region must be a region name such as us-east-1",
        "--credentials|nope|--credentials=(hidden): credentials entry 1 must be ACCESS_KEY:SECRET_KEY:ACCOUNT",
        "--credentials|AK:hunter2:123|--credentials=(hidden): credentials entry 1 (access key AK): the account must be exactly 12 digits",
        "--credentials|A:hunter2:111111111111,A:y:111111111111|--credentials=(hidden): credentials lists the access key A twice",
        "--credentials|''|--credentials=(hidden): credentials entry 1 must be",
        "--tls-certificate|c.pem|--tls-certificate=c.pem: tls.certificate and tls.privateKey go together, but tls.privateKey is not set",
        "--max-body-bytes|0|--max-body-bytes=0: maxBodyBytes must be an integer 1..1073741824",
        "--max-header-bytes|10|--max-header-bytes=10: maxHeaderBytes must be an integer 1024..1048576",
        "--idle-timeout-seconds|-1|--idle-timeout-seconds=-1: idleTimeoutSeconds must be an integer 0..86400",
        "--limits|loose|--limits=loose: limits must be one of strict, relaxed",
        "--public-url|ftp://x|--public-url=ftp://x: publicUrl must be an absolute http:// or https:// URL",
        "--lanes|0|--lanes=0: lanes must be an integer 1..1024",
        "--config|missing.yaml|--config=missing.yaml: cannot read the configuration file",
    })
    void everyValidationErrorNamesItsKey(String flag, String value, String expected) {
        String message = error(Map.of(), flag, value);
        assertTrue(message.startsWith(expected), message);
        assertFalse(message.contains("hunter2"), message);
    }

    @Test
    void missingTlsFileIsNamed() throws IOException {
        Files.writeString(dir.resolve("c.pem"), "x");
        String message = error(Map.of("SLUICE_TLS_PRIVATE_KEY", "nothere.pem"), "--tls-certificate", "c.pem");
        assertTrue(message.startsWith("SLUICE_TLS_PRIVATE_KEY=nothere.pem: tls.privateKey must be a readable PEM file"), message);
    }

    @Test
    void unknownFlagsAndArgumentsAreErrors() {
        String unknown = error(Map.of(), "--prot", "1");
        assertTrue(unknown.startsWith("--prot: unknown flag; allowed: --config, --host, --port"), unknown);
        assertTrue(error(Map.of(), "--port").startsWith("--port: missing value"));
        assertTrue(error(Map.of(), "--port", "--host", "x").startsWith("--port: missing value"));
        assertTrue(error(Map.of(), "serve").startsWith("serve: unexpected argument"));
    }

    @Test
    void unknownYamlKeysAreErrors() throws IOException {
        Path file = yaml("prot: 1\n");
        String message = error(Map.of());
        assertEquals("prot in " + file + ": unknown key; allowed: host, port, dataDir, engine, durability, region,"
                + " credentials, tls.certificate, tls.privateKey, maxBodyBytes, maxHeaderBytes, idleTimeoutSeconds,"
                + " limits, kinesis.limits, publicUrl, lanes, lambda.functions, smtp.host, smtp.port, smtp.from", message);
        yaml("tls:\n  cert: x\n");
        assertTrue(error(Map.of()).startsWith("tls.cert in "));
        yaml("config: other.yaml\n");
        assertTrue(error(Map.of()).startsWith("config in "));
    }

    @Test
    void badYamlIsNamed() throws IOException {
        Path file = yaml("port: [1\n");
        assertTrue(error(Map.of()).startsWith(file + ": not valid YAML"));
        yaml("- just\n- a list\n");
        assertTrue(error(Map.of()).startsWith(file + ": must be a YAML map"));
        yaml("port: 1\nport: 2\n");
        assertTrue(error(Map.of()).startsWith(file + ": not valid YAML"));
        yaml("port: abc\n");
        assertEquals("port=abc in " + file + ": port must be an integer 0..65535", error(Map.of()));
        yaml("port: {a: 1}\n");
        assertTrue(error(Map.of()).contains("port must be an integer"));
        yaml("credentials:\n  - {accessKey: a, secret: b, account: '000000000000'}\n");
        assertTrue(error(Map.of()).contains("credentials entry 1 must be a map with exactly the keys accessKey, secretKey and account"));
    }

    @Test
    void helpListsEverySetting() {
        String help = ConfigLoader.help();
        for (Setting s : Setting.values()) {
            assertTrue(help.contains(s.flag()), s.flag());
            assertTrue(help.contains(s.env()), s.env());
            assertTrue(help.contains(s.doc()), s.doc());
            if (s.inYaml()) {
                assertTrue(help.contains("yaml " + s.key()), s.key());
            }
            if (s.defaultValue() != null) {
                assertTrue(help.contains("default " + s.defaultValue()), s.defaultValue());
            }
        }
        assertTrue(help.contains("--help"));
        assertTrue(ConfigLoader.helpRequested(new String[] {"--port", "1", "--help"}));
        assertTrue(ConfigLoader.helpRequested(new String[] {"-h"}));
        assertFalse(ConfigLoader.helpRequested(new String[] {"--port", "1"}));
    }

    @Test
    void credentialsNeverPrintTheirSecret() {
        assertFalse(new CredentialConfig("AK", "SUPERSECRET", "000000000000").toString().contains("SUPERSECRET"));
    }
}
