package sluice.core.sns;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import sluice.api.sns.SnsContext;
import sluice.api.sns.SnsError;
import sluice.api.sns.SnsException;
import sluice.api.sns.SnsRequest;
import sluice.api.sns.SnsResult;
import sluice.common.Arn;
import sluice.common.Clock;
import sluice.common.Json;
import sluice.common.Randomness;
import sluice.core.storage.StorageEngine;

/**
 * The mobile push and SMS operations as bookkeeping: platform applications and their endpoints,
 * account SMS attributes and the SMS sandbox are validated and stored durably (metadata records
 * {@code app/…}, {@code sms/…} of the {@code sns} namespace, JSON with a version member), so tools
 * that create and list them work. Notifications published to an endpoint or a phone number go to
 * the {@link MobileSender} (by default the {@link SnsOutbox}); no one-time password is ever sent, so
 * verifying a sandbox number fails with VerificationException.
 *
 * <p>Design: low-traffic state in concurrent maps, each change written through the engine and
 * answered once durable; changes to one kind of record are serialised by this object's monitor.
 */
final class SnsMobileAndSms {
    private static final Set<String> PLATFORMS = Set.of("ADM", "APNS", "APNS_SANDBOX", "APNS_VOIP",
            "APNS_VOIP_SANDBOX", "GCM", "BAIDU", "WNS", "MPNS");
    private static final Set<String> ENDPOINT_ATTRIBUTES = Set.of("CustomUserData", "Enabled", "Token");
    private static final Set<String> SMS_ATTRIBUTES = Set.of("MonthlySpendLimit", "DeliveryStatusIAMRole",
            "DeliveryStatusSuccessSamplingRate", "DefaultSenderID", "DefaultSMSType", "UsageReportS3Bucket");
    private static final Pattern APP_NAME = Pattern.compile("[A-Za-z0-9._-]{1,256}");
    private static final Pattern PHONE = Pattern.compile("\\+[0-9]{8,15}");

    private final StorageEngine engine;
    private final Clock clock;
    private final Randomness randomness;
    /** Stored records by key ({@code app/…}, {@code sms/…}), decoded. */
    private final Map<String, Map<String, Object>> records = new ConcurrentHashMap<>();

    SnsMobileAndSms(StorageEngine engine, Clock clock, Randomness randomness) {
        this.engine = engine;
        this.clock = clock;
        this.randomness = randomness;
    }

    void recover(SortedMap<String, byte[]> stored) {
        for (Map.Entry<String, byte[]> e : stored.entrySet()) {
            if (e.getKey().startsWith("app/") || e.getKey().startsWith("sms/")) {
                records.put(e.getKey(), decode(e.getValue()));
            }
        }
    }

    CompletableFuture<SnsResult> execute(SnsContext ctx, SnsRequest request) {
        return switch (request) {
            case SnsRequest.CreatePlatformApplication r -> createApplication(ctx, r);
            case SnsRequest.DeletePlatformApplication r -> deleteApplication(r.platformApplicationArn());
            case SnsRequest.ListPlatformApplications r -> done(listApplications(ctx, r.nextToken()));
            case SnsRequest.GetPlatformApplicationAttributes r ->
                    done(new SnsResult.Attributes(attributes(application(r.platformApplicationArn()))));
            case SnsRequest.SetPlatformApplicationAttributes r -> setApplicationAttributes(r);
            case SnsRequest.CreatePlatformEndpoint r -> createEndpoint(r);
            case SnsRequest.DeleteEndpoint r -> delete(endpointKey(r.endpointArn()));
            case SnsRequest.ListEndpointsByPlatformApplication r -> done(listEndpoints(r));
            case SnsRequest.GetEndpointAttributes r -> done(new SnsResult.Attributes(attributes(endpoint(r.endpointArn()))));
            case SnsRequest.SetEndpointAttributes r -> setEndpointAttributes(r);
            case SnsRequest.GetSMSAttributes r -> done(new SnsResult.Attributes(smsAttributes(ctx, r.attributes())));
            case SnsRequest.SetSMSAttributes r -> setSmsAttributes(ctx, r);
            case SnsRequest.CheckIfPhoneNumberIsOptedOut r -> {
                checkPhone(r.phoneNumber());
                yield done(new SnsResult.OptedOut(false));
            }
            case SnsRequest.ListPhoneNumbersOptedOut r -> done(new SnsResult.PhoneNumbers(List.of(), null));
            case SnsRequest.OptInPhoneNumber r -> {
                checkPhone(r.phoneNumber());
                yield done(new SnsResult.Empty());
            }
            case SnsRequest.ListOriginationNumbers r -> done(new SnsResult.OriginationNumbers(List.of(), null));
            case SnsRequest.GetSMSSandboxAccountStatus r -> done(new SnsResult.SandboxAccountStatus(true));
            case SnsRequest.CreateSMSSandboxPhoneNumber r -> createSandboxNumber(ctx, r);
            case SnsRequest.DeleteSMSSandboxPhoneNumber r -> {
                String key = sandboxKey(ctx, r.phoneNumber());
                if (!records.containsKey(key)) {
                    throw SnsError.RESOURCE_NOT_FOUND.error("The phone number " + r.phoneNumber() + " is not in the sandbox");
                }
                yield delete(key);
            }
            case SnsRequest.VerifySMSSandboxPhoneNumber r -> {
                if (!records.containsKey(sandboxKey(ctx, r.phoneNumber()))) {
                    throw SnsError.RESOURCE_NOT_FOUND.error("The phone number " + r.phoneNumber() + " is not in the sandbox");
                }
                throw SnsError.VERIFICATION.error("Invalid one-time password: Sluice sends no SMS, so no password was issued");
            }
            case SnsRequest.ListSMSSandboxPhoneNumbers r -> done(listSandbox(ctx, r));
            default -> throw new IllegalStateException("not a mobile or SMS operation: " + request.operation());
        };
    }

    private static CompletableFuture<SnsResult> done(SnsResult result) {
        return CompletableFuture.completedFuture(result);
    }

    // ------------------------------------------------------------------ platform applications

    private CompletableFuture<SnsResult> createApplication(SnsContext ctx, SnsRequest.CreatePlatformApplication r) {
        if (!APP_NAME.matcher(r.name()).matches()) {
            throw SnsException.invalidParameter(r.name() + " Reason: must contain only characters 'a'-'z', 'A'-'Z', "
                    + "'0'-'9', '_', '-', and '.', at most 256");
        }
        if (!PLATFORMS.contains(r.platform())) {
            throw SnsException.invalidParameter("Platform Reason: " + r.platform() + " is not supported");
        }
        Map<String, String> attributes = new LinkedHashMap<>(r.attributes());
        if (attributes.isEmpty()) {
            throw SnsError.VALIDATION_ERROR.error("1 validation error detected: Value null at 'attributes' failed to "
                    + "satisfy constraint: Member must not be null");
        }
        boolean credential = attributes.containsKey("PlatformCredential");
        boolean principal = attributes.containsKey("PlatformPrincipal");
        if (credential != principal) {
            throw SnsException.invalidParameter("Attributes Reason: " + (credential ? "PlatformCredential attribute "
                    + "provided without PlatformPrincipal" : "PlatformPrincipal attribute provided without PlatformCredential"));
        }
        attributes.remove("PlatformCredential");
        attributes.remove("PlatformPrincipal");
        attributes.putIfAbsent("Enabled", "true");
        String arn = Arn.of("sns", ctx.scope().region(), ctx.scope().account(), "app/" + r.platform() + "/" + r.name()).toString();
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("arn", arn);
        record.put("attributes", attributes);
        return put("app/" + arn, record).thenApply(v -> new SnsResult.PlatformApplicationArn(arn));
    }

    private CompletableFuture<SnsResult> deleteApplication(String arn) {
        List<CompletableFuture<SnsResult>> deletions = new ArrayList<>();
        for (String key : List.copyOf(records.keySet())) {
            if (key.startsWith("app/" + arn + "/endpoint/")) {
                deletions.add(delete(key));
            }
        }
        deletions.add(delete("app/" + arn));
        return CompletableFuture.allOf(deletions.toArray(CompletableFuture[]::new)).thenApply(v -> new SnsResult.Empty());
    }

    private Map<String, Object> application(String arn) {
        Map<String, Object> app = records.get("app/" + arn);
        if (app == null) {
            throw SnsError.NOT_FOUND.error("PlatformApplication does not exist");
        }
        return app;
    }

    private SnsResult listApplications(SnsContext ctx, String token) {
        String prefix = "app/arn:aws:sns:" + ctx.scope().region() + ":" + ctx.scope().account() + ":app/";
        List<SnsResult.ArnWithAttributes> all = new ArrayList<>();
        records.forEach((key, value) -> {
            if (key.startsWith(prefix) && !key.contains("/endpoint/")) {
                all.add(new SnsResult.ArnWithAttributes((String) value.get("arn"), attributes(value)));
            }
        });
        all.sort((a, b) -> a.arn().compareTo(b.arn()));
        Paging.Page<SnsResult.ArnWithAttributes> page = Paging.page(all, SnsResult.ArnWithAttributes::arn, token);
        return new SnsResult.ArnsWithAttributes(page.items(), page.nextToken());
    }

    private CompletableFuture<SnsResult> setApplicationAttributes(SnsRequest.SetPlatformApplicationAttributes r) {
        if (r.attributes().isEmpty()) {
            throw SnsError.VALIDATION_ERROR.error("1 validation error detected: Value null at 'attributes' failed to "
                    + "satisfy constraint: Member must not be null");
        }
        synchronized (this) {
            Map<String, Object> app = new LinkedHashMap<>(application(r.platformApplicationArn()));
            Map<String, String> attributes = new LinkedHashMap<>(attributes(app));
            attributes.putAll(r.attributes());
            attributes.remove("PlatformCredential");
            attributes.remove("PlatformPrincipal");
            app.put("attributes", attributes);
            return put("app/" + r.platformApplicationArn(), app).thenApply(v -> new SnsResult.Empty());
        }
    }

    // ------------------------------------------------------------------ endpoints

    private CompletableFuture<SnsResult> createEndpoint(SnsRequest.CreatePlatformEndpoint r) {
        Map<String, Object> app = application(r.platformApplicationArn());
        checkEndpointAttributes(r.attributes());
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("Enabled", "true");
        attributes.put("Token", r.token());
        if (r.customUserData() != null) {
            attributes.put("CustomUserData", r.customUserData());
        }
        attributes.putAll(r.attributes());
        synchronized (this) {
            String appArn = (String) app.get("arn");
            for (Map.Entry<String, Map<String, Object>> e : records.entrySet()) {
                if (e.getKey().startsWith("app/" + appArn + "/endpoint/")
                        && r.token().equals(attributes(e.getValue()).get("Token"))) {
                    String existing = (String) e.getValue().get("arn");
                    if (!attributes(e.getValue()).equals(attributes)) {
                        throw SnsException.invalidParameter("Token Reason: Endpoint " + existing
                                + " already exists with the same Token, but different attributes.");
                    }
                    return done(new SnsResult.EndpointArn(existing));
                }
            }
            Arn parsed = Arn.parse(appArn);
            String arn = Arn.of("sns", parsed.region(), parsed.account(),
                    "endpoint/" + parsed.resource().substring("app/".length()) + "/" + randomness.uuid()).toString();
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("arn", arn);
            record.put("attributes", attributes);
            return put("app/" + appArn + "/endpoint/" + arn, record).thenApply(v -> new SnsResult.EndpointArn(arn));
        }
    }

    private static void checkEndpointAttributes(Map<String, String> attributes) {
        for (Map.Entry<String, String> e : attributes.entrySet()) {
            if (!ENDPOINT_ATTRIBUTES.contains(e.getKey())) {
                throw SnsException.invalidParameter("Attributes Reason: Invalid attribute name: " + e.getKey());
            }
        }
        String data = attributes.get("CustomUserData");
        if (data != null && data.getBytes(StandardCharsets.UTF_8).length > 2048) {
            throw SnsException.invalidParameter("Attributes Reason: Invalid value for attribute: CustomUserData: "
                    + "must be at most 2048 bytes long in UTF-8 encoding");
        }
    }

    /**
     * The platform and device token of an endpoint a notification is pushed to; NotFound when it
     * does not exist, EndpointDisabled when it is disabled.
     */
    String[] pushTarget(String endpointArn) {
        Map<String, String> attributes = attributes(endpoint(endpointArn));
        if ("false".equalsIgnoreCase(attributes.get("Enabled"))) {
            throw SnsError.ENDPOINT_DISABLED.error("Endpoint is disabled");
        }
        Arn arn = Arn.parse(endpointArn);
        String platform = arn == null ? null : arn.resource().split("/")[1];
        return new String[] {platform, attributes.get("Token")};
    }

    /** Whether an endpoint exists and is enabled (topic fan-out skips the others). */
    boolean pushable(String endpointArn) {
        Map<String, Object> found = records.get(endpointKey(endpointArn));
        return found != null && !"false".equalsIgnoreCase(attributes(found).get("Enabled"));
    }

    /** The record key of an endpoint: its application's key, then the endpoint ARN. */
    private String endpointKey(String endpointArn) {
        for (String key : records.keySet()) {
            if (key.endsWith("/endpoint/" + endpointArn)) {
                return key;
            }
        }
        return "app/-/endpoint/" + endpointArn;
    }

    private Map<String, Object> endpoint(String arn) {
        Map<String, Object> found = records.get(endpointKey(arn));
        if (found == null) {
            throw SnsError.NOT_FOUND.error("Endpoint does not exist");
        }
        return found;
    }

    private SnsResult listEndpoints(SnsRequest.ListEndpointsByPlatformApplication r) {
        application(r.platformApplicationArn());
        String prefix = "app/" + r.platformApplicationArn() + "/endpoint/";
        List<SnsResult.ArnWithAttributes> all = new ArrayList<>();
        records.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                all.add(new SnsResult.ArnWithAttributes((String) value.get("arn"), attributes(value)));
            }
        });
        all.sort((a, b) -> a.arn().compareTo(b.arn()));
        Paging.Page<SnsResult.ArnWithAttributes> page = Paging.page(all, SnsResult.ArnWithAttributes::arn, r.nextToken());
        return new SnsResult.ArnsWithAttributes(page.items(), page.nextToken());
    }

    private CompletableFuture<SnsResult> setEndpointAttributes(SnsRequest.SetEndpointAttributes r) {
        synchronized (this) {
            Map<String, Object> endpoint = new LinkedHashMap<>(endpoint(r.endpointArn()));
            if (r.attributes().isEmpty()) {
                throw SnsError.VALIDATION_ERROR.error("1 validation error detected: Value null at 'attributes' failed "
                        + "to satisfy constraint: Member must not be null");
            }
            checkEndpointAttributes(r.attributes());
            Map<String, String> attributes = new LinkedHashMap<>(attributes(endpoint));
            attributes.putAll(r.attributes());
            endpoint.put("attributes", attributes);
            return put(endpointKey(r.endpointArn()), endpoint).thenApply(v -> new SnsResult.Empty());
        }
    }

    // ------------------------------------------------------------------ SMS

    private String smsKey(SnsContext ctx) {
        return "sms/attributes/" + ctx.scope().account() + "/" + ctx.scope().region();
    }

    private Map<String, String> smsAttributes(SnsContext ctx, List<String> names) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("MonthlySpendLimit", "1");
        Map<String, Object> stored = records.get(smsKey(ctx));
        if (stored != null) {
            all.putAll(attributes(stored));
        }
        if (!names.isEmpty()) {
            all.keySet().retainAll(names);
        }
        return all;
    }

    private CompletableFuture<SnsResult> setSmsAttributes(SnsContext ctx, SnsRequest.SetSMSAttributes r) {
        for (Map.Entry<String, String> e : r.attributes().entrySet()) {
            if (!SMS_ATTRIBUTES.contains(e.getKey())) {
                throw SnsException.invalidParameter(e.getKey() + " is not a valid attribute");
            }
        }
        String type = r.attributes().get("DefaultSMSType");
        if (type != null && !type.equals("Promotional") && !type.equals("Transactional")) {
            throw SnsException.invalidParameter("DefaultSMSType is invalid");
        }
        String limit = r.attributes().get("MonthlySpendLimit");
        if (limit != null && !limit.matches("\\d{1,9}")) {
            throw SnsException.invalidParameter("MonthlySpendLimit is invalid");
        }
        synchronized (this) {
            Map<String, String> attributes = new LinkedHashMap<>();
            Map<String, Object> stored = records.get(smsKey(ctx));
            if (stored != null) {
                attributes.putAll(attributes(stored));
            }
            attributes.putAll(r.attributes());
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("attributes", attributes);
            return put(smsKey(ctx), record).thenApply(v -> new SnsResult.Empty());
        }
    }

    private static void checkPhone(String number) {
        if (number == null || !PHONE.matcher(number).matches()) {
            throw SnsException.invalidParameter("PhoneNumber Reason: input incorrectly formatted");
        }
    }

    private String sandboxKey(SnsContext ctx, String number) {
        return "sms/sandbox/" + ctx.scope().account() + "/" + ctx.scope().region() + "/" + number;
    }

    private CompletableFuture<SnsResult> createSandboxNumber(SnsContext ctx, SnsRequest.CreateSMSSandboxPhoneNumber r) {
        checkPhone(r.phoneNumber());
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("phoneNumber", r.phoneNumber());
        record.put("status", "Pending");
        record.put("created", clock.millis());
        return put(sandboxKey(ctx, r.phoneNumber()), record).thenApply(v -> new SnsResult.Empty());
    }

    private SnsResult listSandbox(SnsContext ctx, SnsRequest.ListSMSSandboxPhoneNumbers r) {
        Integer max = r.maxResults();
        if (max != null && (max < 1 || max > 100)) {
            throw SnsError.VALIDATION_ERROR.error("1 validation error detected: Value '" + max + "' at 'maxResults' "
                    + "failed to satisfy constraint: Member must have value between 1 and 100");
        }
        String prefix = sandboxKey(ctx, "");
        List<SnsResult.SandboxPhoneNumber> all = new ArrayList<>();
        records.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                all.add(new SnsResult.SandboxPhoneNumber((String) value.get("phoneNumber"), (String) value.get("status")));
            }
        });
        all.sort((a, b) -> a.phoneNumber().compareTo(b.phoneNumber()));
        Paging.Page<SnsResult.SandboxPhoneNumber> page = Paging.page(all, SnsResult.SandboxPhoneNumber::phoneNumber,
                r.nextToken());
        return new SnsResult.SandboxPhoneNumbers(page.items(), page.nextToken());
    }

    // ------------------------------------------------------------------ records

    private CompletableFuture<Void> put(String key, Map<String, Object> record) {
        records.put(key, new LinkedHashMap<>(record));
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("v", 1);
        stored.putAll(record);
        return engine.putRecord(SnsRecords.NAMESPACE, key, Json.write(stored).getBytes(StandardCharsets.UTF_8));
    }

    private CompletableFuture<SnsResult> delete(String key) {
        records.remove(key);
        return engine.deleteRecord(SnsRecords.NAMESPACE, key).thenApply(v -> new SnsResult.Empty());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> decode(byte[] value) {
        Object parsed = Json.parse(new String(value, StandardCharsets.UTF_8));
        if (!(parsed instanceof Map<?, ?> map) || !(map.get("v") instanceof BigDecimal v) || v.intValue() != 1) {
            throw new IllegalStateException("unknown or corrupt SNS mobile/SMS record; was the data directory written by a newer Sluice?");
        }
        Map<String, Object> out = new LinkedHashMap<>((Map<String, Object>) map);
        out.remove("v");
        return out;
    }

    private static Map<String, String> attributes(Map<String, Object> record) {
        Map<String, String> out = new LinkedHashMap<>();
        if (record.get("attributes") instanceof Map<?, ?> map) {
            map.forEach((k, v) -> out.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
        }
        return out;
    }
}
