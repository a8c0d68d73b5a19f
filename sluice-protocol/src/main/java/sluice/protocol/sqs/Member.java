package sluice.protocol.sqs;

/**
 * The input members of SQS requests, with their name in each dialect. JSON uses the model's member
 * names ({@code Attributes}, {@code Entries}); the query dialect uses the flattened location names
 * ({@code Attribute.N.Name}, {@code SendMessageBatchRequestEntry.N.Id}). Maps also carry the query
 * names of their key and value parts ({@code Name}/{@code Value}, {@code Key}/{@code Value}).
 * The names follow the botocore SQS models (JSON and the older query one).
 */
enum Member {
    QUEUE_URL("QueueUrl"),
    QUEUE_NAME("QueueName"),
    QUEUE_OWNER_AWS_ACCOUNT_ID("QueueOwnerAWSAccountId"),
    QUEUE_NAME_PREFIX("QueueNamePrefix"),
    NEXT_TOKEN("NextToken"),
    MAX_RESULTS("MaxResults"),
    ATTRIBUTES("Attributes", "Attribute", "Name", "Value"),
    /** CreateQueue's tags: the JSON member is lower-case {@code tags}. */
    CREATE_TAGS("tags", "Tag", "Key", "Value"),
    TAGS("Tags", "Tag", "Key", "Value"),
    TAG_KEYS("TagKeys", "TagKey"),
    ATTRIBUTE_NAMES("AttributeNames", "AttributeName"),
    MESSAGE_SYSTEM_ATTRIBUTE_NAMES("MessageSystemAttributeNames", "MessageSystemAttributeName"),
    MESSAGE_ATTRIBUTE_NAMES("MessageAttributeNames", "MessageAttributeName"),
    MAX_NUMBER_OF_MESSAGES("MaxNumberOfMessages"),
    VISIBILITY_TIMEOUT("VisibilityTimeout"),
    WAIT_TIME_SECONDS("WaitTimeSeconds"),
    RECEIVE_REQUEST_ATTEMPT_ID("ReceiveRequestAttemptId"),
    RECEIPT_HANDLE("ReceiptHandle"),
    MESSAGE_BODY("MessageBody"),
    DELAY_SECONDS("DelaySeconds"),
    MESSAGE_ATTRIBUTES("MessageAttributes", "MessageAttribute", "Name", "Value"),
    MESSAGE_SYSTEM_ATTRIBUTES("MessageSystemAttributes", "MessageSystemAttribute", "Name", "Value"),
    MESSAGE_DEDUPLICATION_ID("MessageDeduplicationId"),
    MESSAGE_GROUP_ID("MessageGroupId"),
    SEND_ENTRIES("Entries", "SendMessageBatchRequestEntry"),
    DELETE_ENTRIES("Entries", "DeleteMessageBatchRequestEntry"),
    VISIBILITY_ENTRIES("Entries", "ChangeMessageVisibilityBatchRequestEntry"),
    ID("Id"),
    LABEL("Label"),
    AWS_ACCOUNT_IDS("AWSAccountIds", "AWSAccountId"),
    ACTIONS("Actions", "ActionName"),
    SOURCE_ARN("SourceArn"),
    DESTINATION_ARN("DestinationArn"),
    MAX_NUMBER_OF_MESSAGES_PER_SECOND("MaxNumberOfMessagesPerSecond"),
    TASK_HANDLE("TaskHandle");

    final String json;
    final String query;
    final String queryKey;
    final String queryValue;

    Member(String name) {
        this(name, name, null, null);
    }

    Member(String json, String query) {
        this(json, query, null, null);
    }

    Member(String json, String query, String queryKey, String queryValue) {
        this.json = json;
        this.query = query;
        this.queryKey = queryKey;
        this.queryValue = queryValue;
    }
}
