package sluice.it.sns;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A tiny SMTP server for the tests (RFC 5321's happy path): accepts every sender and recipient,
 * and records each message with its envelope, headers and decoded body (base64 or 8bit text).
 */
final class SmtpServer implements AutoCloseable {

    /** One message as received; header names lower-cased. */
    record Mail(String from, String to, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final ServerSocket socket;
    private final BlockingQueue<Mail> mails = new LinkedBlockingQueue<>();
    private final Thread acceptor;

    SmtpServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofVirtual().start(this::acceptLoop);
    }

    int port() {
        return socket.getLocalPort();
    }

    /** The next message, waiting at most 10 seconds. */
    Mail next() throws InterruptedException {
        Mail m = mails.poll(10, TimeUnit.SECONDS);
        assertNotNull(m, "no mail arrived within 10 seconds");
        return m;
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Thread.ofVirtual().start(() -> session(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void session(Socket client) {
        try (client; BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                StandardCharsets.UTF_8))) {
            OutputStream out = client.getOutputStream();
            reply(out, "220 test SMTP ready");
            String from = null;
            String to = null;
            String line;
            while ((line = in.readLine()) != null) {
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line;
                switch (verb) {
                    case "EHLO", "HELO" -> reply(out, "250 test");
                    case "MAIL" -> {
                        from = between(line);
                        reply(out, "250 OK");
                    }
                    case "RCPT" -> {
                        to = between(line);
                        reply(out, "250 OK");
                    }
                    case "DATA" -> {
                        reply(out, "354 go ahead");
                        mails.add(read(in, from, to));
                        reply(out, "250 queued");
                    }
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    default -> reply(out, "250 OK");
                }
            }
        } catch (IOException e) {
            // the client went away; nothing to record
        }
    }

    private static Mail read(BufferedReader in, String from, String to) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        StringBuilder body = new StringBuilder();
        boolean inBody = false;
        String line;
        while ((line = in.readLine()) != null && !line.equals(".")) {
            if (line.startsWith("..")) {
                line = line.substring(1);
            }
            if (inBody) {
                body.append(line).append('\n');
            } else if (line.isEmpty()) {
                inBody = true;
            } else {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        String text = body.toString();
        if ("base64".equalsIgnoreCase(headers.get("content-transfer-encoding"))) {
            text = new String(Base64.getMimeDecoder().decode(text), StandardCharsets.UTF_8);
        }
        return new Mail(from, to, headers, text);
    }

    private static String between(String line) {
        return line.substring(line.indexOf('<') + 1, line.lastIndexOf('>'));
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
