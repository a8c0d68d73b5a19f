package sluice.server.net;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import sluice.server.config.Engine;
import sluice.server.config.SluiceConfig;

/** Starting servers on ephemeral ports, and clients that trust any certificate. */
final class TestServers {

    private TestServers() {
    }

    static SluiceConfig config(UnaryOperator<SluiceConfig> adjust) {
        return adjust.apply(SluiceConfig.defaults().withPort(0).withEngine(Engine.MEMORY)
                .withDataDir(Path.of("unused-by-network-tests")));
    }

    static SluiceServer start(EchoHandler handler, UnaryOperator<SluiceConfig> adjust) {
        return SluiceServer.start(config(adjust), handler);
    }

    static SluiceServer start(EchoHandler handler) {
        return start(handler, c -> c);
    }

    static HttpClient trustingClient(HttpClient.Version version) throws Exception {
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
        return HttpClient.newBuilder().sslContext(ssl).version(version).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Trusts every certificate and skips host name checks (the extended trust manager does those). */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
