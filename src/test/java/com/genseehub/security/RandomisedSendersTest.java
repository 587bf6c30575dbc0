package com.genseehub.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.genseehub.support.HubTest;
import com.genseehub.support.RunningHubTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Thousands of valid callbacks, each sent in a shape chosen at random (content type, charset, chunked
 * or sized, kept alive or not, HTTP/1.0, Expect: 100-continue, fields in the body or the URL), mixed
 * with hostile requests: every valid one is stored intact, every hostile one refused with a 4xx, and
 * the heap does not grow with what was sent.
 */
@HubTest
@TestPropertySource(properties = {
        // all of it comes from one address: the per-address limits are for Gensee's few senders
        "hub.sites.demo.rate-limit.per-second=0", "hub.ingress.refusals.per-second=0"})
class RandomisedSendersTest extends RunningHubTest {

    private static final Charset GBK = Charset.forName("GBK");
    private static final Charset GB18030 = Charset.forName("GB18030");
    private static final String[] WORDS = {"老师", "第三题", "怎么做", "作业", "a&b", "<不是标签>", "100%", "“引号”", "x"};

    /** One request as bytes, what it should come to, and (for a question) the text it should be stored with. */
    record Send(byte[] bytes, boolean keepAlive, boolean valid, String webcastId, String question) {
    }

    @Test
    void everyShapeOfAValidCallbackIsStoredIntactAndEveryHostileOneRefused() throws Exception {
        String run = "RS" + UUID.randomUUID().toString().substring(0, 6);
        Random random = new Random(20261129);
        List<Send> sends = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            sends.add(switch (random.nextInt(3)) {
                case 0 -> live(run, i, random);
                case 1 -> webQuestion(run, i, random);
                default -> clientQuestion(run, i, random);
            });
        }
        for (int i = 0; i < 500; i++) {
            sends.add(hostile(run, i, random));
        }
        Collections.shuffle(sends, random);

        System.gc();
        long heapBefore = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        Map<String, Integer> outcomes = new ConcurrentHashMap<>();
        List<String> wrong = Collections.synchronizedList(new ArrayList<>());
        ExecutorService senders = Executors.newFixedThreadPool(8);
        List<Future<?>> futures = new ArrayList<>();
        for (List<Send> batch : batches(sends, 8)) {
            futures.add(senders.submit(() -> sendAll(batch, outcomes, wrong)));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        senders.shutdown();

        assertThat(wrong).as("requests answered otherwise than expected").isEmpty();
        hub.awaitDispatched();
        long validLive = sends.stream().filter(s -> s.valid() && s.question() == null).count();
        assertThat(hub.apiItems("/api/sessions/demo/" + run + "/attendance").size()).isEqualTo((int) validLive);
        Map<String, String> expected = new HashMap<>();
        sends.stream().filter(s -> s.valid() && s.question() != null).forEach(s -> expected.put(s.webcastId(), s.question()));
        for (Map.Entry<String, String> question : expected.entrySet()) {
            JsonNode stored = hub.apiItems("/api/qa?site=demo&webcastId=" + question.getKey());
            assertThat(stored).as(question.getKey()).hasSize(1);
            assertThat(stored.get(0).get("text").asText()).as(question.getKey()).isEqualTo(question.getValue());
        }
        System.gc();
        long heapAfter = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        assertThat(heapAfter - heapBefore).as("heap growth in bytes").isLessThan(64L * 1024 * 1024);
    }

    private void sendAll(List<Send> batch, Map<String, Integer> outcomes, List<String> wrong) {
        Socket socket = null;
        try {
            for (Send send : batch) {
                if (socket == null) {
                    socket = new Socket(hub.ingress().getHost(), hub.ingress().getPort());
                    socket.setSoTimeout(20_000);
                }
                OutputStream out = socket.getOutputStream();
                out.write(send.bytes());
                out.flush();
                Response response = Response.read(socket.getInputStream());
                boolean ok = send.valid() ? response.status() == 200
                        : response.status() >= 400 && response.status() < 500;
                if (!ok) {
                    wrong.add(response.status() + " " + response.body() + " for " + new String(send.bytes(), 0,
                            Math.min(200, send.bytes().length), StandardCharsets.ISO_8859_1));
                }
                outcomes.merge(String.valueOf(response.status()), 1, Integer::sum);
                if (!send.keepAlive() || response.closes()) {
                    socket.close();
                    socket = null;
                }
            }
        } catch (IOException e) {
            wrong.add("I/O: " + e);
        } finally {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // done anyway
                }
            }
        }
    }

    // ---- valid callbacks in random shapes

    private static Send live(String run, int i, Random random) {
        String query = "ClassNo=" + run + "&Operator=" + (1_000_000_000L + i) + "&Action=101&totalusernum=" + i;
        int shape = random.nextInt(3);
        boolean keepAlive = shape == 0;
        String head = switch (shape) {
            case 0 -> "GET /gensee/demo/live?" + query + " HTTP/1.1\r\nHost: hub\r\n\r\n";
            case 1 -> "GET /gensee/demo/live?" + query + " HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n";
            default -> "GET /gensee/demo/live?" + query + " HTTP/1.0\r\n\r\n";
        };
        return new Send(head.getBytes(StandardCharsets.US_ASCII), keepAlive, true, run, null);
    }

    private static Send webQuestion(String run, int i, Random random) {
        String webcastId = run + "W" + i;
        String question = words(random) + " " + i;
        Charset charset = switch (random.nextInt(4)) {
            case 0 -> GBK;
            case 1 -> GB18030;
            default -> StandardCharsets.UTF_8;
        };
        String fields = "userid=" + (1_000_000_000L + i) + "&name=" + URLEncoder.encode("学生" + i, charset)
                + "&question=" + URLEncoder.encode(question, charset) + "&webcastid=" + webcastId;
        boolean declare = charset == GBK || random.nextBoolean();
        String type = "application/x-www-form-urlencoded" + (declare ? "; charset=" + charset.name() : "");
        if (random.nextInt(5) == 0) {
            // the fields in the URL of a POST with no body (UTF-8, as every URL)
            String utf8 = "userid=" + (1_000_000_000L + i) + "&question=" + URLEncoder.encode(question, StandardCharsets.UTF_8)
                    + "&webcastid=" + webcastId;
            return post("/gensee/demo/qa/web?" + utf8, "application/x-www-form-urlencoded", new byte[0], random, true,
                    webcastId, question);
        }
        return post("/gensee/demo/qa/web", type, fields.getBytes(StandardCharsets.US_ASCII), random, true, webcastId,
                question);
    }

    private static Send clientQuestion(String run, int i, Random random) {
        String webcastId = run + "C" + i;
        String question = words(random) + " " + i;
        boolean gbk = random.nextInt(4) == 0;
        String xml = "<?xml version=\"1.0\" encoding=\"" + (gbk ? "GBK" : "utf-8") + "\"?><webcast id=\"" + webcastId
                + "\"><question id=\"q" + i + "\" time=\"1400470679\" uid=\"" + i + "\" uname=\"学生\">"
                + question.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "</question></webcast>";
        String type = switch (random.nextInt(5)) {
            case 0 -> "";
            case 1 -> "application/x-www-form-urlencoded";
            case 2 -> "text/plain";
            case 3 -> "text/xml; charset=ISO-8859-1";
            default -> "text/xml";
        };
        return post("/gensee/demo/qa/client", type, xml.getBytes(gbk ? GBK : StandardCharsets.UTF_8), random, true,
                webcastId, question);
    }

    // ---- hostile requests

    private static Send hostile(String run, int i, Random random) {
        return switch (random.nextInt(7)) {
            case 0 -> get("/gensee/no-such-site/live?ClassNo=" + run + "&Operator=1&Action=101");
            case 1 -> get("/gensee/demo/live?ClassNo=" + run + "&Operator=%ZZ&Action=101");
            case 2 -> get("/gensee/demo/live?ClassNo=" + run + "&Operator=1&Action=105&Action=101");
            case 3 -> post("/gensee/demo/qa/client", "text/xml", ("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">]>"
                    + "<webcast id=\"X\"><question id=\"q\">&lol;</question></webcast>").getBytes(StandardCharsets.UTF_8),
                    random, false, null, null);
            case 4 -> post("/gensee/demo/qa/web", "application/x-www-form-urlencoded",
                    "userid=1&question=%E4%B8&webcastid=W%G1".getBytes(StandardCharsets.US_ASCII), random, false, null, null);
            case 5 -> post("/gensee/demo/qa/client", "text/xml", new byte[300 * 1024], random, false, null, null);
            default -> get("/gensee/demo/vod?ClassNo=" + run + "&Operator=1&Action=101");
        };
    }

    // ---- HTTP by hand

    private static Send get(String path) {
        return new Send(("GET " + path + " HTTP/1.1\r\nHost: hub\r\n\r\n").getBytes(StandardCharsets.US_ASCII), true,
                false, null, null);
    }

    private static Send post(String path, String type, byte[] body, Random random, boolean valid, String webcastId,
                             String question) {
        boolean chunked = random.nextBoolean();
        boolean expect = valid && random.nextInt(4) == 0;
        boolean keepAlive = random.nextBoolean();
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        String head = "POST " + path + " HTTP/1.1\r\nHost: hub\r\n" + (type.isEmpty() ? "" : "Content-Type: " + type + "\r\n")
                + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + body.length + "\r\n")
                + (keepAlive ? "" : "Connection: close\r\n") + "\r\n";
        request.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
        if (chunked) {
            for (int at = 0; at < body.length; at += 1000) {
                int size = Math.min(1000, body.length - at);
                request.writeBytes((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                request.write(body, at, size);
                request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            request.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        } else {
            request.writeBytes(body);
        }
        // a sender that says "Expect: 100-continue" and sends the body at once is fine by the protocol too
        byte[] bytes = request.toByteArray();
        if (expect) {
            String withExpect = head.replace("Host: hub\r\n", "Host: hub\r\nExpect: 100-continue\r\n");
            ByteArrayOutputStream again = new ByteArrayOutputStream();
            again.writeBytes(withExpect.getBytes(StandardCharsets.ISO_8859_1));
            again.write(bytes, head.length(), bytes.length - head.length());
            bytes = again.toByteArray();
        }
        return new Send(bytes, keepAlive, valid, webcastId, question);
    }

    private static String words(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 1 + random.nextInt(4); i++) {
            text.append(WORDS[random.nextInt(WORDS.length)]);
        }
        return text.toString();
    }

    private static <T> List<List<T>> batches(List<T> all, int count) {
        List<List<T>> batches = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            batches.add(new ArrayList<>());
        }
        for (int i = 0; i < all.size(); i++) {
            batches.get(i % count).add(all.get(i));
        }
        return batches;
    }

    /** One response read off the connection (after any 100 Continue). */
    record Response(int status, String body, boolean closes) {
        static Response read(InputStream in) throws IOException {
            while (true) {
                String status = line(in);
                if (status.isEmpty()) {
                    throw new IOException("connection closed before an answer");
                }
                int length = -1;
                boolean chunked = false;
                boolean closes = status.startsWith("HTTP/1.0");
                String header;
                while (!(header = line(in)).isEmpty()) {
                    String lower = header.toLowerCase();
                    if (lower.startsWith("content-length:")) {
                        length = Integer.parseInt(header.substring(15).trim());
                    } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                        chunked = true;
                    } else if (lower.startsWith("connection:")) {
                        closes = lower.contains("close");
                    }
                }
                int code = Integer.parseInt(status.substring(9, 12));
                if (code == 100) {
                    continue;
                }
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                if (chunked) {
                    int size;
                    while ((size = Integer.parseInt(line(in).trim(), 16)) > 0) {
                        body.writeBytes(in.readNBytes(size));
                        line(in);
                    }
                    line(in);
                } else if (length >= 0) {
                    body.writeBytes(in.readNBytes(length));
                } else {
                    body.writeBytes(in.readAllBytes());
                    closes = true;
                }
                return new Response(code, body.toString(StandardCharsets.UTF_8), closes);
            }
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
