package sluice.core.sns;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;

/**
 * POSTs SNS's outbound requests (to {@code http}/{@code https} subscribers and to Lambda-Invoke
 * endpoints). For subscribers, a {@link Post} carries what SNS sends: the JSON document as a
 * {@code text/plain; charset=UTF-8} body (or the delivery policy's {@code headerContentType}), with
 * the {@code x-amz-sns-message-type}, {@code x-amz-sns-message-id}, {@code x-amz-sns-topic-arn}
 * headers, {@code x-amz-sns-subscription-arn} when the message is for an existing subscription, and
 * {@code x-amz-sns-rawdelivery} for raw notifications.
 *
 * <p>Design: one {@link HttpClient} on virtual threads; at most {@link #MAX_IN_FLIGHT} requests are
 * outstanding at once, further sends wait (on their own virtual thread) for a permit, so a slow
 * endpoint never holds a lane or an event loop. A send completes with the HTTP status, or 0 when no
 * answer came (refused connection, timeout, bad URL); never exceptionally.
 */
final class HttpEndpointSender implements AutoCloseable {
    static final int MAX_IN_FLIGHT = 64;
    private static final System.Logger LOG = System.getLogger(HttpEndpointSender.class.getName());
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    /** One message for one subscriber endpoint. */
    record Post(String endpoint, String type, String messageId, String topicArn, String subscriptionArn, boolean raw,
                String body, String contentType) {
    }

    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient client = HttpClient.newBuilder().executor(threads).connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final Semaphore permits = new Semaphore(MAX_IN_FLIGHT);

    /** The virtual-thread executor outbound work shares (and that {@link #close} stops). */
    ExecutorService threads() {
        return threads;
    }

    /**
     * Sends the post; completes with true when it counts as delivered, false on any failure (never
     * exceptionally). As AWS's: an answer from 200 to 499 is a delivery (a 4xx is the endpoint's
     * refusal, never retried); a 5xx, no answer or a timeout is a failure that the delivery policy
     * retries (Amazon SNS Developer Guide, "Step 1: Make sure your endpoint is ready to process
     * Amazon SNS messages").
     */
    CompletableFuture<Boolean> send(Post post) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", post.contentType());
        headers.put("User-Agent", "Amazon Simple Notification Service Agent");
        headers.put("x-amz-sns-message-type", post.type());
        headers.put("x-amz-sns-message-id", post.messageId());
        headers.put("x-amz-sns-topic-arn", post.topicArn());
        if (post.subscriptionArn() != null) {
            headers.put("x-amz-sns-subscription-arn", post.subscriptionArn());
        }
        if (post.raw()) {
            headers.put("x-amz-sns-rawdelivery", "true");
        }
        return post(post.endpoint(), headers, post.body()).thenApply(status -> status >= 200 && status < 500);
    }

    /** POSTs the body with these headers; completes with the status, 0 when no answer came. */
    CompletableFuture<Integer> post(String url, Map<String, String> headers, String body) {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        try {
            threads.execute(() -> done.complete(postNow(url, headers, body)));
        } catch (RejectedExecutionException e) {
            done.complete(0);
        }
        return done;
    }

    private int postNow(String url, Map<String, String> headers, String body) {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            headers.forEach(request::header);
            return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (java.io.IOException | IllegalArgumentException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "SNS outbound POST to " + url + " failed: " + e);
            return 0;
        } finally {
            permits.release();
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
        client.shutdownNow();
    }
}
