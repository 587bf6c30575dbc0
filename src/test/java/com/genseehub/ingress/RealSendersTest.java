package com.genseehub.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.genseehub.support.HubClient;
import com.genseehub.support.HubTest;
import com.genseehub.support.RunningHubTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shapes real HTTP clients give a callback, over real HTTP: the default content types of Java's
 * HttpURLConnection, curl and Python's urllib, declared and undeclared charsets, fields in the body or
 * the URL, chunked bodies, Expect: 100-continue, HTTP/1.0, keep-alive across refusals.
 */
@HubTest
class RealSendersTest extends RunningHubTest {

    private static final Charset GBK = Charset.forName("GBK");
    private static final Charset GB18030 = Charset.forName("GB18030");

    @TempDir
    Path files;

    private static String webcast() {
        return "W" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static String question(String webcastId, String text, String encoding) {
        return "<?xml version=\"1.0\" encoding=\"" + encoding + "\"?><webcast id=\"" + webcastId + "\">"
                + "<question id=\"q-" + webcastId + "\" time=\"1400470679\" uid=\"9934592202\" uname=\"学生甲\">" + text
                + "</question></webcast>";
    }

    /** The text of the question the hub now lists for the webcast. */
    private String storedQuestion(String webcastId) {
        hub.awaitDispatched();
        JsonNode items = hub.apiItems("/api/qa?site=demo&webcastId=" + webcastId);
        assertThat(items).as("questions of " + webcastId).hasSize(1);
        return items.get(0).get("text").asText();
    }

    private String storedQuestionEvent(String webcastId, String param) {
        hub.awaitDispatched();
        JsonNode items = hub.apiJson("/api/events?classNo=" + webcastId).get("items");
        assertThat(items).hasSize(1);
        JsonNode value = items.get(0).get("params").get(param);
        return value == null ? null : value.asText();
    }

    // ---- Q&A client push: the XML as received, whatever the Content-Type

    @Test
    void javasHttpUrlConnectionWithoutAContentTypeSendsFormUrlEncodedAndTheXmlIsStillRead() throws Exception {
        String w = webcast();
        HttpURLConnection connection = (HttpURLConnection) hub.ingress().resolve("/gensee/demo/qa/client").toURL()
                .openConnection();
        connection.setDoOutput(true);
        connection.setRequestMethod("POST");
        try (OutputStream out = connection.getOutputStream()) {
            out.write(question(w, "老师，a=b&amp;c 怎么做？", "utf-8").getBytes(StandardCharsets.UTF_8));
        }
        assertThat(connection.getRequestProperty("Content-Type")).isNull();
        assertThat(connection.getResponseCode()).isEqualTo(200);
        assertThat(storedQuestion(w)).isEqualTo("老师，a=b&c 怎么做？");
    }

    @Test
    void curlsDefaultPostIsReadAsTheXmlItCarries() throws Exception {
        String w = webcast();
        Path body = files.resolve("push.xml");
        Files.writeString(body, question(w, "没有等号的问题", "utf-8"));
        Process curl = new ProcessBuilder("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--data-binary",
                "@" + body, hub.ingress().resolve("/gensee/demo/qa/client").toString()).start();
        String status = new String(curl.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(status).isEqualTo("200");
        assertThat(storedQuestion(w)).isEqualTo("没有等号的问题");
    }

    @Test
    void pythonsUrllibDefaultPostIsReadAsTheXmlItCarries() throws Exception {
        String w = webcast();
        Path body = files.resolve("push.xml");
        Files.writeString(body, question(w, "Python 的问题", "utf-8"));
        String script = "import sys, urllib.request\n"
                + "r = urllib.request.urlopen(sys.argv[1], data=open(sys.argv[2], 'rb').read())\n"
                + "print(r.status)\n";
        Process python = new ProcessBuilder("python3", "-c", script,
                hub.ingress().resolve("/gensee/demo/qa/client").toString(), body.toString()).start();
        String status = new String(python.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        assertThat(python.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(status).isEqualTo("200");
        assertThat(storedQuestion(w)).isEqualTo("Python 的问题");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "text/plain", "text/xml; charset=ISO-8859-1", "application/octet-stream"})
    void theXmlIsReadAsUtf8WhateverTheContentTypeClaims(String contentType) {
        String w = webcast();
        Raw response = send(post("/gensee/demo/qa/client", contentType, question(w, "第三题", "utf-8")
                .getBytes(StandardCharsets.UTF_8), false));
        assertThat(response.status()).isEqualTo(200);
        assertThat(storedQuestion(w)).isEqualTo("第三题");
    }

    @Test
    void theEncodingTheXmlDeclarationNamesIsHonoured() {
        String w = webcast();
        byte[] gbk = question(w, "用 GBK 写的问题", "GBK").getBytes(GBK);
        assertThat(send(post("/gensee/demo/qa/client", "application/x-www-form-urlencoded", gbk, false)).status())
                .isEqualTo(200);
        assertThat(storedQuestion(w)).isEqualTo("用 GBK 写的问题");
    }

    // ---- Q&A web push and /auth: fields from the body or the URL, charsets

    @Test
    void aWebPushWithItsFieldsInTheUrlAndNoBodyIsAccepted() {
        String w = webcast();
        String query = "userid=1000000101&name=" + encode("张三", StandardCharsets.UTF_8) + "&question="
                + encode("网址里的问题", StandardCharsets.UTF_8) + "&webcastid=" + w;
        Raw response = send(post("/gensee/demo/qa/web?" + query, "application/x-www-form-urlencoded", new byte[0], false));
        assertThat(response.status()).isEqualTo(200);
        assertThat(storedQuestion(w)).isEqualTo("网址里的问题");
    }

    @Test
    void aDeclaredGbkFormIsReadInGbk() {
        String w = webcast();
        byte[] form = ("userid=1&name=" + encode("李四", GBK) + "&question=" + encode("国标的问题", GBK) + "&webcastid=" + w)
                .getBytes(StandardCharsets.US_ASCII);
        assertThat(send(post("/gensee/demo/qa/web", "application/x-www-form-urlencoded; charset=GBK", form, false))
                .status()).isEqualTo(200);
        assertThat(storedQuestion(w)).isEqualTo("国标的问题");
        assertThat(storedQuestionEvent(w, "decodedAs")).as("declared: nothing guessed").isNull();
    }

    @Test
    void anUndeclaredFormThatIsNotUtf8IsReadAsGb18030AndTheEventSaysSo() {
        String w = webcast();
        byte[] form = ("userid=1&name=" + encode("王五", GB18030) + "&question=" + encode("没声明编码", GB18030)
                + "&webcastid=" + w).getBytes(StandardCharsets.US_ASCII);
        assertThat(send(post("/gensee/demo/qa/web", "application/x-www-form-urlencoded", form, false)).status())
                .isEqualTo(200);
        assertThat(storedQuestion(w)).isEqualTo("没声明编码");
        assertThat(storedQuestionEvent(w, "decodedAs")).isEqualTo("GB18030");
    }

    @Test
    void anUndeclaredUtf8FormIsReadAsUtf8() {
        String w = webcast();
        byte[] form = ("userid=1&name=x&question=" + encode("默认 UTF-8", StandardCharsets.UTF_8) + "&webcastid=" + w)
                .getBytes(StandardCharsets.US_ASCII);
        assertThat(send(post("/gensee/demo/qa/web", "application/x-www-form-urlencoded", form, false)).status())
                .isEqualTo(200);
        assertThat(storedQuestion(w)).isEqualTo("默认 UTF-8");
        assertThat(storedQuestionEvent(w, "decodedAs")).isNull();
    }

    @Test
    void authTakesItsFieldsFromTheUrlOfAPost() {
        String token = hub.json(hub.api("POST", "/api/auth/tokens", "{\"uid\": 1000000101, \"site\": \"demo\"}").body())
                .get("token").asText();
        Raw response = send(post("/gensee/demo/auth?k=" + token + "&uid=1000000101",
                "application/x-www-form-urlencoded", new byte[0], false));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("pass");
    }

    // ---- HTTP shapes

    @Test
    void aChunkedBodyIsReadWhole() {
        String w = webcast();
        byte[] xml = question(w, "分块发送的问题", "utf-8").getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream chunked = new ByteArrayOutputStream();
        for (int at = 0; at < xml.length; at += 37) {
            int size = Math.min(37, xml.length - at);
            chunked.writeBytes((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            chunked.write(xml, at, size);
            chunked.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        chunked.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        String head = "POST /gensee/demo/qa/client HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
        assertThat(send(concat(head.getBytes(StandardCharsets.US_ASCII), chunked.toByteArray())).status()).isEqualTo(200);
        assertThat(storedQuestion(w)).isEqualTo("分块发送的问题");
    }

    @Test
    void aSenderThatWaitsFor100ContinueIsAskedToContinueAndHeard() throws IOException {
        String w = webcast();
        byte[] xml = question(w, "先问能不能发", "utf-8").getBytes(StandardCharsets.UTF_8);
        try (Socket socket = socket()) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /gensee/demo/qa/client HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\n"
                    + "Expect: 100-continue\r\nContent-Length: " + xml.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            assertThat(readLine(in)).isEqualTo("HTTP/1.1 100 Continue");
            readLine(in);
            out.write(xml);
            out.flush();
            assertThat(Raw.of(in.readAllBytes()).status()).isEqualTo(200);
        }
        assertThat(storedQuestion(w)).isEqualTo("先问能不能发");
    }

    @Test
    void anHttp10CallbackIsAnswered() {
        String w = webcast();
        Raw response = send(("GET /gensee/demo/live?ClassNo=" + w + "&Operator=1000000101&Action=101 HTTP/1.0\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        assertThat(response.head()).startsWith("HTTP/1.0 200");
        assertThat(response.body()).isEqualTo("ok");
        hub.awaitDispatched();
        assertThat(hub.apiItems("/api/sessions/demo/" + w + "/attendance")).hasSize(1);
    }

    @Test
    void oneKeptAliveConnectionCarriesCallbacksAcrossRefusals() throws IOException {
        String w = webcast();
        List<Integer> statuses = new ArrayList<>();
        try (Socket socket = socket()) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            for (String query : List.of("ClassNo=" + w + "&Operator=1&Action=101", "ClassNo=" + w + "&Operator=x&Action=101",
                    "ClassNo=" + w + "&Operator=2&Action=999", "ClassNo=" + w + "&Operator=3&Action=101")) {
                out.write(("GET /gensee/demo/live?" + query + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                statuses.add(readResponse(in));
            }
            out.write(("GET /gensee/not-a-site/live?ClassNo=" + w + "&Operator=4&Action=101 HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(("GET /gensee/demo/live?ClassNo=" + w + "&Operator=5&Action=101 HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            statuses.add(readResponse(in));
            statuses.add(readResponse(in));
        }
        assertThat(statuses).containsExactly(200, 400, 400, 200, 404, 200);
        hub.awaitDispatched();
        assertThat(hub.apiItems("/api/sessions/demo/" + w + "/attendance")).extracting(row -> row.get("operator").asLong())
                .containsExactly(1L, 3L, 5L);
    }

    // ---- raw HTTP

    record Raw(String head, String body) {
        int status() {
            return Integer.parseInt(head.substring(9, 12));
        }

        static Raw of(byte[] response) {
            String text = new String(response, StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            // a 100 Continue before the final answer
            while (text.startsWith("HTTP/1.1 100")) {
                text = text.substring(split + 4);
                split = text.indexOf("\r\n\r\n");
            }
            String head = text.substring(0, split);
            String body = text.substring(split + 4);
            return new Raw(head, head.toLowerCase().contains("transfer-encoding: chunked") ? HubClient.dechunk(body) : body);
        }
    }

    private Socket socket() throws IOException {
        Socket socket = new Socket(hub.ingress().getHost(), hub.ingress().getPort());
        socket.setSoTimeout(15_000);
        return socket;
    }

    private Raw send(byte[] request) {
        try (Socket socket = socket()) {
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            return Raw.of(socket.getInputStream().readAllBytes());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] post(String path, String contentType, byte[] body, boolean keepAlive) {
        String head = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                + (contentType.isEmpty() ? "" : "Content-Type: " + contentType + "\r\n")
                + "Content-Length: " + body.length + "\r\n" + (keepAlive ? "" : "Connection: close\r\n") + "\r\n";
        return concat(head.getBytes(StandardCharsets.US_ASCII), body);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static String encode(String text, Charset charset) {
        return java.net.URLEncoder.encode(text, charset);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    /** Reads one response (sized by Content-Length or chunked) off a kept-alive connection; returns its status. */
    private static int readResponse(InputStream in) throws IOException {
        String status = readLine(in);
        int length = 0;
        boolean chunked = false;
        String header;
        while (!(header = readLine(in)).isEmpty()) {
            String lower = header.toLowerCase();
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(header.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        if (!chunked) {
            in.readNBytes(length);
        } else {
            int size;
            while ((size = Integer.parseInt(readLine(in).trim(), 16)) > 0) {
                in.readNBytes(size);
                readLine(in);
            }
            readLine(in);
        }
        return Integer.parseInt(status.substring(9, 12));
    }
}
