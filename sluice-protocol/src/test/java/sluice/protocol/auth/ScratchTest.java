package sluice.protocol.auth;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpMethod;
class ScratchTest {
    @Test void show() {
        SignedRequest r = SdkSigning.as(AuthFixtures.ALICE, AuthFixtures.NOW).presign(
                SdkSigning.request(SdkHttpMethod.POST, AuthFixtures.QUEUE_PATH), AuthFixtures.FORM_BODY, Duration.ofMinutes(5));
        System.out.println(r.headers() + " " + r.rawQuery());
    }
}
