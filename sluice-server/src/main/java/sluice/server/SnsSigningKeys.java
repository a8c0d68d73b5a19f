package sluice.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import sluice.core.sns.SigningIdentity;

/**
 * The key pair SNS signs notifications with: RSA 2048 (SignatureVersion 1 and 2 are RSA
 * signatures) and a self-signed certificate for it, generated once. With a data directory they are
 * kept in {@code sns-signing.pem} (the PKCS#8 private key, then the certificate, both PEM; written
 * atomically, readable only by the owner where the file system allows), so notifications signed
 * before a restart still verify after it. BouncyCastle only builds the certificate; keys and
 * signatures use the JDK's providers.
 */
final class SnsSigningKeys {
    static final String FILE = "sns-signing.pem";
    private static final Duration VALIDITY = Duration.ofDays(3650);
    private static final String KEY_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String KEY_END = "-----END PRIVATE KEY-----";
    private static final String CERT_BEGIN = "-----BEGIN CERTIFICATE-----";
    private static final String CERT_END = "-----END CERTIFICATE-----";

    private SnsSigningKeys() {
    }

    /**
     * The identity kept in {@code dataDir}: loaded at once when it is there, else created on a
     * background thread (RSA key generation takes a good part of a second; the server starts
     * meanwhile, and the first signature or certificate fetch waits for it).
     */
    static CompletableFuture<SigningIdentity> loadOrCreateInBackground(Path dataDir) {
        if (Files.exists(dataDir.resolve(FILE))) {
            return CompletableFuture.completedFuture(loadOrCreate(dataDir));
        }
        return inBackground(() -> loadOrCreate(dataDir));
    }

    /** A fresh identity for the life of the process (memory engine), generated on a background thread. */
    static CompletableFuture<SigningIdentity> generateInBackground() {
        return inBackground(SnsSigningKeys::generate);
    }

    private static CompletableFuture<SigningIdentity> inBackground(Supplier<SigningIdentity> work) {
        CompletableFuture<SigningIdentity> identity = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("sluice-sns-key").start(() -> {
            try {
                identity.complete(work.get());
            } catch (RuntimeException | Error e) {
                identity.completeExceptionally(e);
            }
        });
        return identity;
    }

    /** Loads the identity kept in {@code dataDir}, creating it on first start. */
    static SigningIdentity loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            if (Files.exists(file)) {
                return parse(Files.readString(file, StandardCharsets.US_ASCII), file);
            }
            String pem = generatePem();
            Path tmp = file.resolveSibling(FILE + ".tmp");
            Files.writeString(tmp, pem, StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's own permissions protect the key
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            return parse(pem, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the SNS signing key " + file, e);
        }
    }

    /** A fresh identity that lives only as long as the process (memory engine). */
    static SigningIdentity generate() {
        return parse(generatePem(), null);
    }

    private static String generatePem() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            X500Name subject = new X500Name("CN=sns.sluice.local, O=Sluice");
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(64, new SecureRandom()).add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(VALIDITY)), subject, pair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
            return pem(KEY_BEGIN, pair.getPrivate().getEncoded(), KEY_END) + pem(CERT_BEGIN, certificate.getEncoded(), CERT_END);
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new IllegalStateException("cannot generate the SNS signing key", e);
        }
    }

    private static String pem(String begin, byte[] der, String end) {
        return begin + "\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n" + end + "\n";
    }

    private static SigningIdentity parse(String pem, Path file) {
        int keyStart = pem.indexOf(KEY_BEGIN);
        int keyEnd = pem.indexOf(KEY_END);
        int certStart = pem.indexOf(CERT_BEGIN);
        int certEnd = pem.indexOf(CERT_END);
        if (keyStart < 0 || keyEnd < keyStart || certStart < 0 || certEnd < certStart) {
            throw new IllegalStateException("the SNS signing key file " + file + " is damaged; delete it to have a new "
                    + "key generated (notifications signed with the old one will no longer verify)");
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(pem.substring(keyStart + KEY_BEGIN.length(), keyEnd));
            return new SigningIdentity(KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der)),
                    pem.substring(certStart, certEnd + CERT_END.length()) + "\n");
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the SNS signing key file " + file + " is damaged (" + e.getMessage()
                    + "); delete it to have a new key generated", e);
        }
    }
}
