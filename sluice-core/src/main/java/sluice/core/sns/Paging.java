package sluice.core.sns;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import sluice.api.sns.SnsException;

/**
 * SNS's list paging: pages of 100, and an opaque NextToken naming the last key of the page before
 * (base64url), so a page stays correct when items are added or removed between calls.
 */
final class Paging {
    static final int PAGE_SIZE = 100;

    record Page<T>(List<T> items, String nextToken) {
    }

    private Paging() {
    }

    /** One page of {@code sorted} (ordered by {@code key}) after the token's key. */
    static <T> Page<T> page(List<T> sorted, Function<T, String> key, String token) {
        int start = 0;
        if (token != null && !token.isEmpty()) {
            String after;
            try {
                after = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw SnsException.invalidParameter("NextToken");
            }
            while (start < sorted.size() && key.apply(sorted.get(start)).compareTo(after) <= 0) {
                start++;
            }
        }
        int end = Math.min(sorted.size(), start + PAGE_SIZE);
        String next = end < sorted.size()
                ? Base64.getUrlEncoder().withoutPadding().encodeToString(
                        key.apply(sorted.get(end - 1)).getBytes(StandardCharsets.UTF_8))
                : null;
        return new Page<>(List.copyOf(sorted.subList(start, end)), next);
    }
}
