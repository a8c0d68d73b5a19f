package sluice.server.net;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;

/**
 * A throwaway self-signed certificate for CN=localhost (EC P-256, which is generated in
 * milliseconds), with subject alternative names localhost, 127.0.0.1, ::1 and any extra host the
 * server is configured with. BouncyCastle only builds the certificate; keys and signatures use the
 * JDK's providers, so no security provider is registered.
 */
final class SelfSigned {
    private static final Duration VALIDITY = Duration.ofDays(3650);

    record Material(PrivateKey key, X509Certificate certificate) {
    }

    private SelfSigned() {
    }

    static Material generate(List<String> extraNames) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            X500Name subject = new X500Name("CN=localhost");
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(64, new SecureRandom()).add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(VALIDITY)), subject, pair.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, names(extraNames));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            return new Material(pair.getPrivate(), certificate);
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new IllegalStateException("cannot generate a self-signed certificate", e);
        }
    }

    private static GeneralNames names(List<String> extraNames) {
        Set<String> all = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        for (String name : extraNames) {
            if (name != null && !name.isBlank() && !name.equals("0.0.0.0") && !name.equals("::")) {
                all.add(name);
            }
        }
        List<GeneralName> names = new ArrayList<>();
        for (String name : all) {
            boolean ip = IPAddress.isValid(name);
            names.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, name));
        }
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }
}
