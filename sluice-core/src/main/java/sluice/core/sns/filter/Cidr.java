package sluice.core.sns.filter;

import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * The {@code cidr} operator and IP literals. AWS ("String value matching", IP address matching): {@code "cidr":
 * "10.0.0.0/24"} matches {@code 10.0.0.0} and {@code 10.0.0.255} but not {@code 10.1.1.0}. Following AWS's rule
 * engine, the range runs from the address as written to the top of its block, IPv4 masks must be below 32 and IPv6
 * masks below 128, and the error texts are the engine's. Addresses are parsed here, never through a resolver.
 */
final class Cidr implements Matcher {
    private static final Pattern IPV4 = Pattern.compile("[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:]*:[0-9a-fA-F:]*");

    private final String text;
    private final byte[] bottom;
    private final byte[] top;

    private Cidr(String text, byte[] bottom, byte[] top) {
        this.text = text;
        this.bottom = bottom;
        this.top = top;
    }

    static Cidr parse(String cidr) {
        String[] slashed = cidr.split("/");
        if (slashed.length != 2) {
            throw new FilterPolicyException("Malformed CIDR, one '/' required");
        }
        int maskBits;
        try {
            maskBits = Integer.parseInt(slashed[1]);
        } catch (NumberFormatException e) {
            throw new FilterPolicyException("Malformed CIDR, mask bits must be an integer");
        }
        if (maskBits < 0) {
            throw new FilterPolicyException("Malformed CIDR, mask bits must not be negative");
        }
        String ip = slashed[0];
        if (!looksLikeIp(ip)) {
            throw new FilterPolicyException("Nonstandard IP address: " + ip);
        }
        byte[] address = bytes(ip);
        if (address == null) {
            throw new FilterPolicyException("Invalid IP address: " + ip);
        }
        if (address.length == 4 && maskBits > 31) {
            throw new FilterPolicyException("IPv4 mask bits must be < 32");
        }
        if (address.length == 16 && maskBits > 127) {
            throw new FilterPolicyException("IPv6 mask bits must be < 128");
        }
        byte[] top = address.clone();
        int hostBits = address.length * 8 - maskBits;
        for (int i = top.length - 1; i >= 0 && hostBits > 0; i--, hostBits -= 8) {
            top[i] = (byte) (top[i] | (hostBits >= 8 ? 0xff : (1 << hostBits) - 1));
        }
        return new Cidr(cidr, address, top);
    }

    @Override
    public boolean test(Value value) {
        if (!(value instanceof Value.Str s) || !looksLikeIp(s.text())) {
            return false;
        }
        byte[] ip = bytes(s.text());
        return ip != null && ip.length == bottom.length
                && Arrays.compareUnsigned(ip, bottom) >= 0 && Arrays.compareUnsigned(ip, top) <= 0;
    }

    static boolean looksLikeIp(String text) {
        return IPV4.matcher(text).matches() || IPV6.matcher(text).matches();
    }

    /** The address bytes of an IPv4 or IPv6 literal (an IPv4-mapped IPv6 literal gives 4 bytes), or null. */
    static byte[] bytes(String text) {
        if (IPV4.matcher(text).matches()) {
            return ipv4(text);
        }
        if (IPV6.matcher(text).matches()) {
            byte[] v6 = ipv6(text);
            if (v6 != null && isMappedV4(v6)) {
                return Arrays.copyOfRange(v6, 12, 16);
            }
            return v6;
        }
        return null;
    }

    private static byte[] ipv4(String text) {
        String[] parts = text.split("\\.");
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (parts[i].length() > 3) {
                return null;
            }
            int octet = Integer.parseInt(parts[i]);
            if (octet > 255) {
                return null;
            }
            out[i] = (byte) octet;
        }
        return out;
    }

    private static byte[] ipv6(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        String head = gap >= 0 ? text.substring(0, gap) : text;
        String tail = gap >= 0 ? text.substring(gap + 2) : "";
        int[] front = groups(head);
        int[] back = groups(tail);
        if (front == null || back == null) {
            return null;
        }
        int count = front.length + back.length;
        if ((gap < 0 && count != 8) || (gap >= 0 && count > 7)) {
            return null;
        }
        byte[] out = new byte[16];
        for (int i = 0; i < front.length; i++) {
            out[2 * i] = (byte) (front[i] >> 8);
            out[2 * i + 1] = (byte) front[i];
        }
        for (int i = 0; i < back.length; i++) {
            int at = 8 - back.length + i;
            out[2 * at] = (byte) (back[i] >> 8);
            out[2 * at + 1] = (byte) back[i];
        }
        return out;
    }

    private static int[] groups(String part) {
        if (part.isEmpty()) {
            return new int[0];
        }
        String[] pieces = part.split(":", -1);
        int[] out = new int[pieces.length];
        for (int i = 0; i < pieces.length; i++) {
            if (pieces[i].isEmpty() || pieces[i].length() > 4) {
                return null;
            }
            out[i] = Integer.parseInt(pieces[i], 16);
        }
        return out;
    }

    private static boolean isMappedV4(byte[] v6) {
        for (int i = 0; i < 10; i++) {
            if (v6[i] != 0) {
                return false;
            }
        }
        return v6[10] == (byte) 0xff && v6[11] == (byte) 0xff;
    }

    @Override
    public String toString() {
        return "cidr " + text;
    }
}
