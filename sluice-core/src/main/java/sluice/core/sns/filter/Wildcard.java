package sluice.core.sns.filter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code wildcard} operator: {@code *} matches any run of characters (also none), {@code \*} and {@code \\} are a
 * literal star and backslash, any other backslash is an error, and so is {@code **}. Error positions count UTF-8
 * bytes of the value inside its JSON quotes, as AWS's rule engine reports them ("Consecutive wildcard characters at
 * pos 4" for {@code abc**def}).
 */
final class Wildcard implements Matcher {
    private final String pattern;
    /** The literal pieces between the stars; one more than the number of stars. */
    private final List<String> pieces;

    private Wildcard(String pattern, List<String> pieces) {
        this.pattern = pattern;
        this.pieces = pieces;
    }

    static Wildcard parse(String pattern) {
        byte[] bytes = ('"' + pattern + '"').getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '*' && i + 1 < bytes.length && bytes[i + 1] == '*') {
                throw new FilterPolicyException("Consecutive wildcard characters at pos " + i);
            }
            if (bytes[i] == '\\') {
                if (i + 1 < bytes.length && (bytes[i + 1] == '*' || bytes[i + 1] == '\\')) {
                    i++;
                    continue;
                }
                throw new FilterPolicyException("Invalid escape character at pos " + i);
            }
        }
        List<String> pieces = new ArrayList<>();
        StringBuilder piece = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                piece.append(pattern.charAt(++i));
            } else if (c == '*') {
                pieces.add(piece.toString());
                piece.setLength(0);
            } else {
                piece.append(c);
            }
        }
        pieces.add(piece.toString());
        return new Wildcard(pattern, List.copyOf(pieces));
    }

    int stars() {
        return pieces.size() - 1;
    }

    /**
     * The pattern's share of a field's wildcard complexity: one point for a single star, three points per star when
     * there are several (AWS's wildcard complexity rule for SNS filter policies).
     */
    int points() {
        int stars = stars();
        return stars <= 1 ? stars : 3 * stars;
    }

    @Override
    public boolean test(Value value) {
        return value instanceof Value.Str s && matches(s.text());
    }

    boolean matches(String text) {
        String first = pieces.get(0);
        if (pieces.size() == 1) {
            return text.equals(first);
        }
        String last = pieces.get(pieces.size() - 1);
        if (text.length() < first.length() + last.length() || !text.startsWith(first) || !text.endsWith(last)) {
            return false;
        }
        int from = first.length();
        int end = text.length() - last.length();
        for (int i = 1; i < pieces.size() - 1; i++) {
            int at = text.indexOf(pieces.get(i), from);
            if (at < 0 || at + pieces.get(i).length() > end) {
                return false;
            }
            from = at + pieces.get(i).length();
        }
        return true;
    }

    @Override
    public String toString() {
        return "wildcard " + pattern;
    }
}
