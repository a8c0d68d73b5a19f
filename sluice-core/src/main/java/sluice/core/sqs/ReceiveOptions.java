package sluice.core.sqs;

import java.util.List;
import java.util.Set;

/**
 * A validated ReceiveMessage: how many, for how long invisible, how long to wait, and which
 * system and message attributes to return ({@code All}, {@code .*}, {@code prefix.*} or names).
 */
record ReceiveOptions(int maxMessages, int visibilityTimeoutSeconds, int waitSeconds,
                      Set<String> systemAttributes, List<String> messageAttributeNames, String receiveRequestAttemptId) {

    boolean wantsSystemAttribute(String name) {
        return systemAttributes.contains("All") || systemAttributes.contains(name);
    }

    boolean wantsMessageAttribute(String name) {
        for (String wanted : messageAttributeNames) {
            if (wanted.equals("All") || wanted.equals(".*") || wanted.equals(name)) {
                return true;
            }
            if (wanted.endsWith(".*") && name.startsWith(wanted.substring(0, wanted.length() - 1))) {
                return true;
            }
        }
        return false;
    }
}
