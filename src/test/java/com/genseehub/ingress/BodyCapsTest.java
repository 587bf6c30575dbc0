package com.genseehub.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.genseehub.support.HubTest;
import com.genseehub.support.RunningHubTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A 300 MB body, anywhere on either listener, is refused having read no more than the cap: the
 * sender streams it and the hub answers while the sender has got only a little past the cap (more
 * than that is only what the sockets' buffers hold).
 */
@HubTest
class BodyCapsTest extends RunningHubTest {

    private static final long HUGE = 300L * 1024 * 1024;
    /** what the kernel's socket buffers (both ends) may take beyond what the hub read */
    private static final long BUFFERS = 16L * 1024 * 1024;

    record Outcome(String status, long sent) {
    }

    @ParameterizedTest(name = "{0} {1} ({2})")
    @CsvSource({
            // the ingress: an encoded path is the same path; announced or chunked; with and without a token
            "ingress, POST /%67ensee/demo/qa/client, announced, text/xml, 413",
            "ingress, POST /gensee/demo/qa/web, chunked, application/x-www-form-urlencoded, 413",
            "ingress, PUT /gensee/demo/live, announced, application/x-www-form-urlencoded, 413",
            "ingress, POST /gensee/not-a-site/qa/client, chunked, text/xml, 404",
            "ingress, POST /elsewhere, announced, text/plain, 404",
            // the internal port: the token is checked before any body is read; with it, the cap holds
            "internal, PUT /api/cobrowse/demo/_default, announced, application/x-www-form-urlencoded, 401",
            "internal, PUT /api/cobrowse/demo/_default, chunked, application/x-www-form-urlencoded, 401",
            "internal-with-token, PUT /api/cobrowse/demo/_default, announced, application/json, 413",
            "internal-with-token, PUT /api/cobrowse/demo/_default, chunked, application/json, 413",
            "internal, POST /, announced, application/x-www-form-urlencoded, 413",
    })
    void aHugeBodyIsRefusedAfterNoMoreThanTheCap(String listener, String request, String framing, String type,
                                                 String status) throws Exception {
        URI target = listener.equals("ingress") ? hub.ingress() : hub.base();
        String token = listener.equals("internal-with-token") ? "Authorization: Bearer " + HubTest.TOKEN + "\r\n" : "";
        String head = request + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + type + "\r\n" + token
                + (framing.equals("chunked") ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + HUGE + "\r\n") + "\r\n";
        // JSON that stays valid while it grows: one endless string
        String prefix = type.equals("application/json") ? "[{\"name\": \"" : "";
        Outcome outcome = stream(target, head, prefix, framing.equals("chunked"));
        assertThat(outcome.status()).startsWith("HTTP/1.1 " + status);
        assertThat(outcome.sent()).as("bytes the sender got out before the answer").isLessThan(2L * 1024 * 1024 + BUFFERS);
        // and the hub goes on
        assertThat(hub.get("/gensee/demo/live?ClassNo=AFTER1&Operator=1&Action=101").statusCode()).isEqualTo(200);
    }

    /** Sends the head, then streams body bytes until the hub answers (or has closed); returns its answer. */
    private static Outcome stream(URI target, String head, String prefix, boolean chunked) throws Exception {
        try (Socket socket = new Socket(target.getHost(), target.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            if (!prefix.isEmpty()) {
                out.write(((chunked ? Integer.toHexString(prefix.length()) + "\r\n" : "") + prefix + (chunked ? "\r\n" : ""))
                        .getBytes(StandardCharsets.US_ASCII));
            }
            AtomicLong sent = new AtomicLong();
            CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
                } catch (IOException e) {
                    return "no answer: " + e;
                }
            });
            byte[] block = new byte[64 * 1024];
            Arrays.fill(block, (byte) 'a');
            byte[] chunkHead = (Integer.toHexString(block.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            try {
                while (!answer.isDone() && sent.get() < HUGE) {
                    if (chunked) {
                        out.write(chunkHead);
                    }
                    out.write(block);
                    if (chunked) {
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    sent.addAndGet(block.length);
                }
            } catch (SocketException closedByTheHub) {
                // the hub answered and closed the connection: what matters is what was sent until then
            }
            return new Outcome(answer.get(30, TimeUnit.SECONDS), sent.get());
        }
    }
}
