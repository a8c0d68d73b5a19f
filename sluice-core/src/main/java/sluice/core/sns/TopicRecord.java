package sluice.core.sns;

import java.util.LinkedHashMap;
import java.util.Map;
import sluice.common.Arn;

/**
 * The stored form of a topic: identity, the attributes a client set (defaults and read-only
 * attributes are computed when read, see {@link TopicAttributes}), tags in the order they were
 * added, and the data protection policy. {@code id} is unique for the life of the data directory:
 * a topic deleted and created again under the same name gets a new id, so no subscription of the
 * old one can reappear.
 */
record TopicRecord(long id, String account, String region, String name, Map<String, String> attributes,
                   Map<String, String> tags, String dataProtectionPolicy, long createdMillis) {

    TopicRecord {
        attributes = Map.copyOf(attributes);
        tags = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }

    Arn arn() {
        return Arn.of("sns", region, account, name);
    }

    boolean fifo() {
        return "true".equals(attributes.get(TopicAttributes.FIFO_TOPIC));
    }

    TopicRecord withAttributes(Map<String, String> newAttributes) {
        return new TopicRecord(id, account, region, name, newAttributes, tags, dataProtectionPolicy, createdMillis);
    }

    TopicRecord withTags(Map<String, String> newTags) {
        return new TopicRecord(id, account, region, name, attributes, newTags, dataProtectionPolicy, createdMillis);
    }

    TopicRecord withDataProtectionPolicy(String policy) {
        return new TopicRecord(id, account, region, name, attributes, tags, policy, createdMillis);
    }
}
