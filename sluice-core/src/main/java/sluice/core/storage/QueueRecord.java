package sluice.core.storage;

import java.util.Map;

/**
 * The stored form of a queue: identity, attributes as SQS names them (strings, Policy and
 * RedrivePolicy as JSON text) and tags. {@code id} is unique for the life of the data directory: a
 * queue deleted and created again under the same name gets a new id, so no message can cross over.
 */
public record QueueRecord(long id, String account, String region, String name, Map<String, String> attributes,
                          Map<String, String> tags, long createdMillis, long lastModifiedMillis) {

    public QueueRecord {
        attributes = Map.copyOf(attributes);
        tags = Map.copyOf(tags);
    }

    public QueueRecord withAttributes(Map<String, String> newAttributes, long now) {
        return new QueueRecord(id, account, region, name, newAttributes, tags, createdMillis, now);
    }

    public QueueRecord withTags(Map<String, String> newTags) {
        return new QueueRecord(id, account, region, name, attributes, newTags, createdMillis, lastModifiedMillis);
    }
}
