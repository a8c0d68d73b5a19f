package sluice.protocol.auth;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Derived SigV4 signing keys by (secret, date, region, service). A key is valid for a whole day, so a busy
 * server derives each one once a day instead of running four HMACs per request. Bounded: when full, an
 * arbitrary entry is dropped, which only costs a re-derivation.
 */
final class SigningKeyCache {
    private final int capacity;
    private final ConcurrentHashMap<Scope, byte[]> keys = new ConcurrentHashMap<>();
    /** The key used last: nearly every request of a busy server has the same scope as the one before. */
    private volatile Hit last;

    SigningKeyCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    /** The signing key; callers must not modify the returned array. */
    byte[] signingKey(String secretKey, String date, String region, String service) {
        Hit hit = last;
        if (hit != null && hit.matches(secretKey, date, region, service)) {
            return hit.key;
        }
        Scope scope = new Scope(secretKey, date, region, service);
        byte[] key = keys.get(scope);
        if (key == null) {
            key = derive(scope);
            if (keys.size() >= capacity) {
                evictOne();
            }
            keys.put(scope, key);
        }
        last = new Hit(scope, key);
        return key;
    }

    int size() {
        return keys.size();
    }

    private void evictOne() {
        Iterator<Scope> it = keys.keySet().iterator();
        if (it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    private static byte[] derive(Scope scope) {
        byte[] secret = ("AWS4" + scope.secretKey).getBytes(StandardCharsets.UTF_8);
        byte[] dateKey = Hashing.hmacSha256(secret, scope.date);
        byte[] regionKey = Hashing.hmacSha256(dateKey, scope.region);
        byte[] serviceKey = Hashing.hmacSha256(regionKey, scope.service);
        return Hashing.hmacSha256(serviceKey, "aws4_request");
    }

    private record Hit(Scope scope, byte[] key) {
        boolean matches(String secretKey, String date, String region, String service) {
            return scope.secretKey.equals(secretKey) && scope.date.equals(date) && scope.region.equals(region)
                    && scope.service.equals(service);
        }
    }

    private record Scope(String secretKey, String date, String region, String service) {
        @Override
        public String toString() {
            return "Scope[" + date + "/" + region + "/" + service + "]";
        }
    }
}
