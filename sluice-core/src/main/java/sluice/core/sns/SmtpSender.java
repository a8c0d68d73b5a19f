package sluice.core.sns;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;

/**
 * A minimal SMTP client (RFC 5321) for a trusted relay: EHLO (HELO if refused), MAIL FROM, RCPT TO,
 * DATA with one {@code text/plain; charset=UTF-8} part, base64-encoded, and an RFC 2047 subject;
 * no TLS and no authentication, as a local relay needs neither. A send completes with how it ended:
 * delivered (250 after DATA), rejected (a 5xx reply: the relay will never take it) or failed (a 4xx
 * reply, no connection, a timeout: worth retrying). Sends run on the given (virtual-thread)
 * executor, at most {@link #MAX_IN_FLIGHT} at once.
 */
final class SmtpSender {
    static final int MAX_IN_FLIGHT = 8;
    private static final int TIMEOUT_MILLIS = 15_000;
    private static final System.Logger LOG = System.getLogger(SmtpSender.class.getName());

    private final String host;
    private final int port;
    private final ExecutorService threads;
    private final Semaphore permits = new Semaphore(MAX_IN_FLIGHT);

    SmtpSender(String host, int port, ExecutorService threads) {
        this.host = host;
        this.port = port;
        this.threads = threads;
    }

    /** Thrown inside a session when the relay answers with an unexpected reply. */
    private static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;
        private final boolean permanent;

        Refused(String reply) {
            super(reply);
            this.permanent = reply.startsWith("5");
        }
    }

    CompletableFuture<DeliveryRetries.Outcome> send(String fromName, String from, String to, String subject, String text) {
        CompletableFuture<DeliveryRetries.Outcome> done = new CompletableFuture<>();
        try {
            threads.execute(() -> done.complete(sendNow(fromName, from, to, subject, text)));
        } catch (RejectedExecutionException e) {
            done.complete(DeliveryRetries.Outcome.FAILED);
        }
        return done;
    }

    private DeliveryRetries.Outcome sendNow(String fromName, String from, String to, String subject, String text) {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DeliveryRetries.Outcome.FAILED;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            expect(in, "2");
            if (!command(out, in, "EHLO sluice").startsWith("2")) {
                command(out, in, "HELO sluice", "2");
            }
            command(out, in, "MAIL FROM:<" + from + ">", "2");
            command(out, in, "RCPT TO:<" + to + ">", "2");
            command(out, in, "DATA", "3");
            out.write(message(fromName, from, to, subject, text).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            expect(in, "2");
            command(out, in, "QUIT");
            return DeliveryRetries.Outcome.DELIVERED;
        } catch (Refused e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "the SMTP relay refused mail to " + to + ": " + e.getMessage());
            return e.permanent ? DeliveryRetries.Outcome.REJECTED : DeliveryRetries.Outcome.FAILED;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "SMTP delivery to " + to + " failed: " + e);
            return DeliveryRetries.Outcome.FAILED;
        } finally {
            permits.release();
        }
    }

    private static String message(String fromName, String from, String to, String subject, String text) {
        String body = Base64.getMimeEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        return "From: " + encoded(fromName) + " <" + from + ">\r\n"
                + "To: " + to + "\r\n"
                + "Subject: " + encoded(subject) + "\r\n"
                + "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now()) + "\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n"
                + "Content-Transfer-Encoding: base64\r\n"
                + "\r\n" + body + "\r\n.\r\n";
    }

    /** A header value as an RFC 2047 encoded word when it is not plain printable ASCII. */
    private static String encoded(String value) {
        if (value.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            return value;
        }
        return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + "?=";
    }

    private static String command(OutputStream out, BufferedReader in, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return reply(in);
    }

    private static void command(OutputStream out, BufferedReader in, String line, String expected) throws IOException {
        String reply = command(out, in, line);
        if (!reply.startsWith(expected)) {
            throw new Refused(reply);
        }
    }

    private static void expect(BufferedReader in, String expected) throws IOException {
        String reply = reply(in);
        if (!reply.startsWith(expected)) {
            throw new Refused(reply);
        }
    }

    /** The last line of a (possibly multi-line) reply. */
    private static String reply(BufferedReader in) throws IOException {
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("the SMTP relay closed the connection");
            }
        } while (line.length() > 3 && line.charAt(3) == '-');
        return line;
    }
}
