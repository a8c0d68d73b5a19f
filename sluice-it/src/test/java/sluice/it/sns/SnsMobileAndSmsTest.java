package sluice.it.sns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sluice.it.sns.SnsClients.expectError;
import static sluice.it.sns.SnsClients.uniqueName;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.EndpointDisabledException;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.PlatformApplication;
import software.amazon.awssdk.services.sns.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sns.model.VerificationException;
import sluice.testkit.SluiceTestServer;

/**
 * Mobile push and SMS bookkeeping: what Sluice stores and validates (platform applications,
 * endpoints, SMS attributes, the sandbox) survives a restart; a disabled endpoint refuses a publish.
 * (What would be sent is in {@link SnsOutboxTest}.)
 */
class SnsMobileAndSmsTest {
    private static SluiceTestServer server;
    private static SnsClient sns;

    @BeforeAll
    static void start() {
        server = SluiceTestServer.start();
        sns = SnsClients.sns(server.endpoint());
    }

    @AfterAll
    static void stop() {
        sns.close();
        server.close();
    }

    @Test
    void platformApplicationsAndEndpointsAreStored() {
        String name = uniqueName("app");
        String app = sns.createPlatformApplication(b -> b.name(name).platform("GCM")
                .attributes(Map.of("PlatformCredential", "server-key", "PlatformPrincipal", "p"))).platformApplicationArn();
        assertEquals("arn:aws:sns:us-east-1:" + SnsClients.ACCOUNT + ":app/GCM/" + name, app);
        assertEquals("true", sns.getPlatformApplicationAttributes(b -> b.platformApplicationArn(app)).attributes().get("Enabled"));
        sns.setPlatformApplicationAttributes(b -> b.platformApplicationArn(app).attributes(Map.of("EventEndpointCreated", "arn:x")));
        assertTrue(sns.listPlatformApplications().platformApplications().stream().map(PlatformApplication::platformApplicationArn)
                .toList().contains(app));
        String endpoint = sns.createPlatformEndpoint(b -> b.platformApplicationArn(app).token("device-1").customUserData("u"))
                .endpointArn();
        assertEquals(endpoint, sns.createPlatformEndpoint(b -> b.platformApplicationArn(app).token("device-1").customUserData("u"))
                .endpointArn());
        Map<String, String> attributes = sns.getEndpointAttributes(b -> b.endpointArn(endpoint)).attributes();
        assertEquals("device-1", attributes.get("Token"));
        assertEquals("u", attributes.get("CustomUserData"));
        sns.setEndpointAttributes(b -> b.endpointArn(endpoint).attributes(Map.of("Enabled", "false")));
        assertEquals("false", sns.getEndpointAttributes(b -> b.endpointArn(endpoint)).attributes().get("Enabled"));
        assertEquals(List.of(endpoint), sns.listEndpointsByPlatformApplication(b -> b.platformApplicationArn(app)).endpoints()
                .stream().map(e -> e.endpointArn()).toList());
        expectError(EndpointDisabledException.class, "EndpointDisabled", 400, "Endpoint is disabled",
                () -> sns.publish(b -> b.targetArn(endpoint).message("push")));
        sns.deleteEndpoint(b -> b.endpointArn(endpoint));
        expectError(NotFoundException.class, "NotFound", 404, () -> sns.getEndpointAttributes(b -> b.endpointArn(endpoint)));
        sns.deletePlatformApplication(b -> b.platformApplicationArn(app));
        expectError(NotFoundException.class, "NotFound", 404,
                () -> sns.getPlatformApplicationAttributes(b -> b.platformApplicationArn(app)));
        expectError(InvalidParameterException.class, "InvalidParameter", 400,
                "Invalid parameter: Platform Reason: PIGEON is not supported",
                () -> sns.createPlatformApplication(b -> b.name("x").platform("PIGEON").attributes(Map.of("a", "b"))));
    }

    @Test
    void smsSettingsAndTheSandboxAreStored() {
        sns.setSMSAttributes(b -> b.attributes(Map.of("DefaultSMSType", "Transactional")));
        assertEquals("Transactional", sns.getSMSAttributes(b -> b.attributes("DefaultSMSType")).attributes().get("DefaultSMSType"));
        expectError(InvalidParameterException.class, "InvalidParameter", 400,
                () -> sns.setSMSAttributes(b -> b.attributes(Map.of("Colour", "blue"))));
        assertFalse(sns.checkIfPhoneNumberIsOptedOut(b -> b.phoneNumber("+15555550100")).isOptedOut());
        assertTrue(sns.listPhoneNumbersOptedOut().phoneNumbers().isEmpty());
        assertTrue(sns.getSMSSandboxAccountStatus(b -> { }).isInSandbox());
        sns.createSMSSandboxPhoneNumber(b -> b.phoneNumber("+15555550101"));
        assertEquals("Pending",
                sns.listSMSSandboxPhoneNumbers(b -> { }).phoneNumbers().get(0).statusAsString());
        expectError(VerificationException.class, "VerificationException", 400,
                () -> sns.verifySMSSandboxPhoneNumber(b -> b.phoneNumber("+15555550101").oneTimePassword("123456")));
        sns.deleteSMSSandboxPhoneNumber(b -> b.phoneNumber("+15555550101"));
        expectError(ResourceNotFoundException.class, "ResourceNotFound", 404,
                () -> sns.deleteSMSSandboxPhoneNumber(b -> b.phoneNumber("+15555550101")));
        assertFalse(sns.publish(b -> b.phoneNumber("+15555550100").message("hi")).messageId().isEmpty());
        assertTrue(sns.listOriginationNumbers(b -> { }).phoneNumbers().isEmpty());
    }

    @Test
    void platformApplicationsSurviveARestart() {
        String name = uniqueName("durable-app");
        String app = sns.createPlatformApplication(b -> b.name(name).platform("APNS")
                .attributes(Map.of("PlatformCredential", "k", "PlatformPrincipal", "c"))).platformApplicationArn();
        String endpoint = sns.createPlatformEndpoint(b -> b.platformApplicationArn(app).token("t")).endpointArn();
        server = server.restart();
        sns.close();
        sns = SnsClients.sns(server.endpoint());
        assertEquals("t", sns.getEndpointAttributes(b -> b.endpointArn(endpoint)).attributes().get("Token"));
        assertEquals("true", sns.getPlatformApplicationAttributes(b -> b.platformApplicationArn(app)).attributes().get("Enabled"));
    }
}
