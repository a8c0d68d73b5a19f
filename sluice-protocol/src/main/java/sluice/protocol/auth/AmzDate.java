package sluice.protocol.auth;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** The SigV4 timestamp format {@code yyyyMMdd'T'HHmmss'Z'}, plus the RFC 1123 {@code Date} header form. */
final class AmzDate {
    /** Returned by the parsers for text that is not a valid date. */
    static final long INVALID = Long.MIN_VALUE;

    private static final DateTimeFormatter BASIC =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private AmzDate() {
    }

    /** Epoch millis of an ISO-8601 basic timestamp such as {@code 20261125T104600Z}, or {@link #INVALID}. */
    static long parseBasic(String text) {
        if (text == null || text.length() != 16 || text.charAt(8) != 'T' || text.charAt(15) != 'Z') {
            return INVALID;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 4, 6);
        int day = digits(text, 6, 8);
        int hour = digits(text, 9, 11);
        int minute = digits(text, 11, 13);
        int second = digits(text, 13, 15);
        if ((year | month | day | hour | minute | second) < 0) {
            return INVALID;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second).toEpochSecond(ZoneOffset.UTC) * 1000L;
        } catch (DateTimeException e) {
            return INVALID;
        }
    }

    /** Epoch millis of a {@code Date} header: RFC 1123 ({@code Wed, 25 Nov 2026 10:46:00 GMT}) or ISO basic. */
    static long parseHttpDate(String text) {
        long basic = parseBasic(text);
        if (basic != INVALID || text == null) {
            return basic;
        }
        try {
            return ZonedDateTime.parse(text.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeException e) {
            return INVALID;
        }
    }

    /** ISO-8601 basic form of {@code epochMillis}, truncated to the second. */
    static String format(long epochMillis) {
        return BASIC.format(Instant.ofEpochMilli(Math.floorDiv(epochMillis, 1000L) * 1000L));
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
