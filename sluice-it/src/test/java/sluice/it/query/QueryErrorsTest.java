package sluice.it.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Errors in the query dialect: {@code <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/>}
 * with the query error codes and HTTP statuses of the SQS API reference.
 */
class QueryErrorsTest extends QueryServerBase {
    private static String missingQueueUrl() {
        return server.queueUrl(Queues.uniqueName("qerr-missing"));
    }

    @Test
    void aMissingQueueIsNonExistentQueueWithTheDocumentedShape() {
        QueryResponse r = sqs.call(Form.action("GetQueueUrl").add("QueueName", Queues.uniqueName("qerr-nope")));
        r.error(400, "Sender", "AWS.SimpleQueueService.NonExistentQueue");
        assertEquals("The specified queue does not exist.", r.errorMessage());
        assertEquals(List.of("Error", "RequestId"), QueryResponse.childNames(r.root()));
        assertEquals(r.requestId(), r.header("x-amzn-RequestId"), "RequestId element and header");
        assertTrue(r.header("Content-Type").startsWith("text/xml"), "Content-Type " + r.header("Content-Type"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"SendMessage", "ReceiveMessage", "GetQueueAttributes", "DeleteQueue", "PurgeQueue",
            "ListQueueTags", "ChangeMessageVisibility", "DeleteMessage"})
    void everyQueueActionOnAMissingQueueIsNonExistentQueue(String action) {
        Form form = Form.action(action).add("QueueUrl", missingQueueUrl());
        switch (action) {
            case "SendMessage" -> form.add("MessageBody", "x");
            case "DeleteMessage" -> form.add("ReceiptHandle", "x");
            case "ChangeMessageVisibility" -> form.add("ReceiptHandle", "x").add("VisibilityTimeout", 1);
            default -> {
            }
        }
        sqs.call(form).error(400, "AWS.SimpleQueueService.NonExistentQueue");
    }

    @Test
    void createQueueWithTheNameOfAQueueWithOtherAttributesIsQueueAlreadyExists() {
        String name = Queues.uniqueName("qerr-exists");
        queues.createNamed(name, Map.of("VisibilityTimeout", "30"));
        sqs.call(Form.action("CreateQueue").add("QueueName", name).attributes(Map.of("VisibilityTimeout", "31")))
                .error(400, "QueueAlreadyExists");
    }

    @Test
    void aRequiredParameterLeftOutIsMissingParameter() {
        String url = queues.create("qerr-missing");
        sqs.call(Form.action("SendMessage").add("QueueUrl", url)).error(400, "MissingParameter");
        sqs.call(Form.action("CreateQueue")).error(400, "MissingParameter");
        sqs.call(Form.action("GetQueueUrl")).error(400, "MissingParameter");
        sqs.call(Form.action("DeleteMessage").add("QueueUrl", url)).error(400, "MissingParameter");
        sqs.call(Form.action("ChangeMessageVisibility").add("QueueUrl", url).add("ReceiptHandle", "x"))
                .error(400, "MissingParameter");
        sqs.call(Form.action("TagQueue").add("QueueUrl", url)).error(400, "MissingParameter");
    }

    @Test
    void aMissingParameterMessageNamesTheParameter() {
        String url = queues.create("qerr-names");
        QueryResponse r = sqs.call(Form.action("SendMessage").add("QueueUrl", url));
        assertTrue(r.errorMessage().contains("MessageBody"), "message: " + r.errorMessage());
    }

    @Test
    void anUnknownActionIsInvalidAction() {
        sqs.call(Form.action("FrobnicateQueue")).error(400, "InvalidAction");
    }

    @Test
    void noActionAtAllIsRejected() {
        QueryResponse r = sqs.call(Form.empty().add("Version", Form.VERSION).add("QueueName", "x"));
        r.error(400, r.errorCode());
        assertTrue(List.of("MissingAction", "InvalidAction").contains(r.errorCode()), "code " + r.errorCode());
    }

    @Test
    void invalidQueueNameIsInvalidParameterValue() {
        sqs.call(Form.action("CreateQueue").add("QueueName", "quename_nonalpha!")).error(400, "InvalidParameterValue");
        sqs.call(Form.action("CreateQueue").add("QueueName", "x".repeat(81))).error(400, "InvalidParameterValue");
    }

    @Test
    void outOfRangeParametersAreInvalidParameterValue() {
        String url = queues.create("qerr-range");
        sqs.call(Form.action("ReceiveMessage").add("QueueUrl", url).add("MaxNumberOfMessages", 11))
                .error(400, "InvalidParameterValue");
        sqs.call(Form.action("ReceiveMessage").add("QueueUrl", url).add("MaxNumberOfMessages", 0))
                .error(400, "InvalidParameterValue");
        sqs.call(Form.action("ReceiveMessage").add("QueueUrl", url).add("WaitTimeSeconds", 21))
                .error(400, "InvalidParameterValue");
        sqs.call(Form.action("SendMessage").add("QueueUrl", url).add("MessageBody", "x").add("DelaySeconds", 901))
                .error(400, "InvalidParameterValue");
        sqs.call(Form.action("ListQueues").add("MaxResults", 1001)).error(400, "InvalidParameterValue");
    }

    @Test
    void aMessageAttributeWithoutADataTypeIsInvalid() {
        String url = queues.create("qerr-attr");
        sqs.call(Form.action("SendMessage").add("QueueUrl", url).add("MessageBody", "x")
                .add("MessageAttribute.1.Name", "a").add("MessageAttribute.1.Value.StringValue", "v"))
                .error(400, "InvalidParameterValue");
    }

    @Test
    void invalidMessageAttributesAreInvalidParameterValue() {
        String url = queues.create("qerr-attrs");
        Form eleven = Form.action("SendMessage").add("QueueUrl", url).add("MessageBody", "x");
        for (int i = 1; i <= 11; i++) {
            eleven.stringAttribute("", i, "a" + i, "String", "v");
        }
        sqs.call(eleven).error(400, "InvalidParameterValue");
        sqs.call(Form.action("SendMessage").add("QueueUrl", url).add("MessageBody", "x")
                .stringAttribute("", 1, "n", "Number", "not a number")).error(400, "InvalidParameterValue");
        sqs.call(Form.action("SendMessage").add("QueueUrl", url).add("MessageBody", "x")
                .stringAttribute("", 1, "AWS.reserved", "String", "v")).error(400, "InvalidParameterValue");
        sqs.call(Form.action("SendMessage").add("QueueUrl", url).add("MessageBody", "x")
                .stringAttribute("", 1, "s", "Strung", "v")).error(400, "InvalidParameterValue");
        assertEquals("0", queues.attributes(url, "ApproximateNumberOfMessages").get("ApproximateNumberOfMessages"));
    }

    @Test
    void aMessageLargerThanTheQueueMaximumIsInvalidParameterValue() {
        String url = queues.create("qerr-size", Map.of("MaximumMessageSize", "1024"));
        sqs.call(Form.action("SendMessage").add("QueueUrl", url).add("MessageBody", "x".repeat(1024))).ok("SendMessage");
        sqs.call(Form.action("SendMessage").add("QueueUrl", url).add("MessageBody", "x".repeat(1025)))
                .error(400, "InvalidParameterValue");
    }

    @Test
    void aMessageOfTheDefaultMaximumSizeIsAcceptedAndOneByteMoreIsNot() {
        String url = queues.create("qerr-max");
        int max = Integer.parseInt(queues.attributes(url, "MaximumMessageSize").get("MaximumMessageSize"));
        sqs.call(Form.action("SendMessage").add("QueueUrl", url).add("MessageBody", "x".repeat(max))).ok("SendMessage");
        sqs.call(Form.action("SendMessage").add("QueueUrl", url).add("MessageBody", "x".repeat(max + 1)))
                .error(400, "InvalidParameterValue");
        assertEquals(max, QueryResponse.text(queues.receiveOne(url), "Body").length());
    }

    @Test
    void aQueueOfAnotherAccountIsNonExistentQueue() {
        String name = Queues.uniqueName("qerr-owner");
        queues.createNamed(name, Map.of());
        sqs.call(Form.action("GetQueueUrl").add("QueueName", name).add("QueueOwnerAWSAccountId", "111122223333"))
                .error(400, "AWS.SimpleQueueService.NonExistentQueue");
    }

    @Test
    void changingTheVisibilityOfAMessageNotInFlightIsMessageNotInflight() {
        String url = queues.create("qerr-inflight");
        queues.send(url, "x");
        String handle = QueryResponse.text(queues.receiveOne(url, Form.empty().add("VisibilityTimeout", 0)), "ReceiptHandle");
        sqs.call(Form.action("ChangeMessageVisibility").add("QueueUrl", url).add("ReceiptHandle", handle)
                .add("VisibilityTimeout", 30)).error(400, "AWS.SimpleQueueService.MessageNotInflight");
    }

    @Test
    void aPolicyThatIsNotJsonIsInvalidAttributeValue() {
        String url = queues.create("qerr-policy");
        sqs.call(Form.action("SetQueueAttributes").add("QueueUrl", url).attributes(Map.of("Policy", "{not json")))
                .error(400, "InvalidAttributeValue");
    }

    @Test
    void aMessageBodyWithAForbiddenCharacterIsInvalidMessageContents() {
        String url = queues.create("qerr-body");
        sqs.call(Form.action("SendMessage").add("QueueUrl", url).add("MessageBody", "bell \u0007"))
                .error(400, "InvalidMessageContents");
    }

    @Test
    void unknownQueueAttributesAreInvalidAttributeName() {
        String url = queues.create("qerr-attrname");
        sqs.call(Form.action("GetQueueAttributes").add("QueueUrl", url).list("AttributeName", "VisibilityTimeout", "Bogus"))
                .error(400, "InvalidAttributeName");
        sqs.call(Form.action("SetQueueAttributes").add("QueueUrl", url).attributes(Map.of("Bogus", "1")))
                .error(400, "InvalidAttributeName");
        sqs.call(Form.action("CreateQueue").add("QueueName", Queues.uniqueName("qerr-badattr"))
                .attributes(Map.of("Bogus", "1"))).error(400, "InvalidAttributeName");
    }

    @Test
    void anOutOfRangeQueueAttributeIsInvalidAttributeValue() {
        String url = queues.create("qerr-attrval");
        sqs.call(Form.action("SetQueueAttributes").add("QueueUrl", url).attributes(Map.of("VisibilityTimeout", "43201")))
                .error(400, "InvalidAttributeValue");
        assertEquals("30", queues.attributes(url, "VisibilityTimeout").get("VisibilityTimeout"), "value changed anyway");
    }

    @Test
    void aGarbageReceiptHandleIsReceiptHandleIsInvalid() {
        String url = queues.create("qerr-handle");
        sqs.call(Form.action("DeleteMessage").add("QueueUrl", url).add("ReceiptHandle", "garbage"))
                .error(404, "ReceiptHandleIsInvalid");
        sqs.call(Form.action("ChangeMessageVisibility").add("QueueUrl", url).add("ReceiptHandle", "garbage")
                .add("VisibilityTimeout", 10)).error(404, "ReceiptHandleIsInvalid");
    }

    @Test
    void aReceiptHandleOfAnotherQueueDeletesNothing() {
        String a = queues.create("qerr-ha");
        String b = queues.create("qerr-hb");
        queues.send(a, "x");
        String handle = QueryResponse.text(queues.receiveOne(a), "ReceiptHandle");
        QueryResponse r = sqs.call(Form.action("DeleteMessage").add("QueueUrl", b).add("ReceiptHandle", handle));
        if (r.status() != 200) {
            r.error(404, "ReceiptHandleIsInvalid");
        }
        assertEquals("1", queues.attributes(a, "ApproximateNumberOfMessagesNotVisible")
                .get("ApproximateNumberOfMessagesNotVisible"), "the message was deleted through the wrong queue");
    }
}
