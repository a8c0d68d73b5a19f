package sluice.core.sqs;

import java.math.BigDecimal;
import java.util.Map;
import sluice.common.Arn;
import sluice.common.Json;

/** The typed view of a queue's attributes that message operations run on. */
record QueueSettings(int visibilityTimeoutSeconds, int delaySeconds, int maximumMessageSize,
                     long retentionSeconds, int receiveWaitSeconds, Arn deadLetterTarget, int maxReceiveCount,
                     boolean fifo, boolean contentBasedDeduplication, boolean deduplicationPerGroup) {

    static QueueSettings of(Map<String, String> attributes) {
        Arn dlq = null;
        int maxReceive = 0;
        String redrive = attributes.get(QueueAttributes.REDRIVE);
        if (redrive != null && Json.parse(redrive) instanceof Map<?, ?> doc) {
            dlq = Arn.parse(String.valueOf(doc.get("deadLetterTargetArn")));
            maxReceive = new BigDecimal(String.valueOf(doc.get("maxReceiveCount"))).intValue();
        }
        return new QueueSettings(
                Integer.parseInt(attributes.get(QueueAttributes.VISIBILITY)),
                Integer.parseInt(attributes.get(QueueAttributes.DELAY)),
                Integer.parseInt(attributes.get(QueueAttributes.MAX_SIZE)),
                Long.parseLong(attributes.get(QueueAttributes.RETENTION)),
                Integer.parseInt(attributes.get(QueueAttributes.WAIT)),
                dlq, maxReceive,
                QueueAttributes.isFifo(attributes),
                "true".equals(attributes.get(QueueAttributes.CONTENT_DEDUP)),
                "messageGroup".equals(attributes.get(QueueAttributes.DEDUP_SCOPE)));
    }
}
