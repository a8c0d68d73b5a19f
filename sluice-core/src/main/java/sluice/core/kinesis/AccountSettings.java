package sluice.core.kinesis;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import sluice.api.kinesis.KinesisException;
import sluice.api.kinesis.KinesisResult;
import sluice.common.Clock;
import sluice.common.Json;
import sluice.core.storage.StorageEngine;

/**
 * Kinesis's account-level settings (Describe/UpdateAccountSettings), per account and region: the
 * MinimumThroughputBillingCommitment. Enabling starts a commitment of at least 24 hours; disabling
 * before that ends schedules the end for the earliest allowed moment (status
 * ENABLED_UNTIL_EARLIEST_ALLOWED_END), and enabling again meanwhile cancels it. A commitment is a
 * start time and an end time (none while open-ended), kept as metadata records in the
 * {@value #NAMESPACE} namespace; the status is derived from them and the clock.
 */
final class AccountSettings {
    static final String NAMESPACE = "kinesis-account";
    static final long MIN_COMMITMENT_MILLIS = 24L * 60 * 60 * 1000;

    /** A commitment: {@code startedAt} null when there never was one; {@code endsAt} null while open-ended. */
    private record Commitment(Long startedAt, Long endsAt) {
        static final Commitment NONE = new Commitment(null, null);

        boolean activeAt(long now) {
            return startedAt != null && (endsAt == null || endsAt > now);
        }
    }

    private final StorageEngine engine;
    private final Clock clock;
    private final Map<String, Commitment> commitments = new ConcurrentHashMap<>();

    AccountSettings(StorageEngine engine, Clock clock) {
        this.engine = engine;
        this.clock = clock;
        engine.records(NAMESPACE).forEach((key, value) -> commitments.put(key, decode(value)));
    }

    private static String key(String account, String region) {
        return account + ":" + region;
    }

    /** Whether the account's commitment is in force (warm throughput needs it). */
    boolean commitmentActive(String account, String region) {
        return commitments.getOrDefault(key(account, region), Commitment.NONE).activeAt(clock.millis());
    }

    KinesisResult.AccountSettings describe(String account, String region) {
        return describe(commitments.getOrDefault(key(account, region), Commitment.NONE), clock.millis());
    }

    private static KinesisResult.AccountSettings describe(Commitment c, long now) {
        if (c.startedAt() == null) {
            return new KinesisResult.AccountSettings("DISABLED", null, null, null);
        }
        long earliestEnd = c.startedAt() + MIN_COMMITMENT_MILLIS;
        if (c.endsAt() == null) {
            return new KinesisResult.AccountSettings("ENABLED", c.startedAt(), null, earliestEnd);
        }
        if (c.endsAt() > now) {
            return new KinesisResult.AccountSettings("ENABLED_UNTIL_EARLIEST_ALLOWED_END", c.startedAt(), null, earliestEnd);
        }
        return new KinesisResult.AccountSettings("DISABLED", c.startedAt(), c.endsAt(), earliestEnd);
    }

    synchronized CompletableFuture<KinesisResult> update(String account, String region, String status) {
        if (status == null) {
            throw KinesisException.validation("1 validation error detected: Value null at 'minimumThroughputBillingCommitment' "
                    + "failed to satisfy constraint: Member must not be null");
        }
        if (!status.equals("ENABLED") && !status.equals("DISABLED")) {
            throw KinesisException.validation("1 validation error detected: Value '" + status
                    + "' at 'minimumThroughputBillingCommitment.status' failed to satisfy constraint: "
                    + "Member must satisfy enum value set: [ENABLED, DISABLED]");
        }
        long now = clock.millis();
        String key = key(account, region);
        Commitment current = commitments.getOrDefault(key, Commitment.NONE);
        Commitment next;
        if (status.equals("ENABLED")) {
            next = current.activeAt(now) ? new Commitment(current.startedAt(), null) : new Commitment(now, null);
        } else {
            next = current.activeAt(now)
                    ? new Commitment(current.startedAt(), Math.max(now, current.startedAt() + MIN_COMMITMENT_MILLIS))
                    : current;
        }
        commitments.put(key, next);
        KinesisResult result = describe(next, now);
        return next == current ? CompletableFuture.completedFuture(result)
                : engine.putRecord(NAMESPACE, key, encode(next)).thenApply(v -> result);
    }

    private static byte[] encode(Commitment c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", 1);
        m.put("startedAt", c.startedAt());
        m.put("endsAt", c.endsAt());
        return Json.write(m).getBytes(StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static Commitment decode(byte[] value) {
        Map<String, Object> m = (Map<String, Object>) Json.parse(new String(value, StandardCharsets.UTF_8));
        return new Commitment(millis(m.get("startedAt")), millis(m.get("endsAt")));
    }

    private static Long millis(Object number) {
        return number == null ? null : ((BigDecimal) number).longValue();
    }
}
