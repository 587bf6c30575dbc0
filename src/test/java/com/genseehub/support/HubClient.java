package com.genseehub.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.genseehub.ingress.IngressServer;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;

/**
 * Talks to the running hub over real HTTP, as Gensee and an integrator would: paths under /gensee go
 * to the ingress listener, everything else to the internal port (API, dashboard, actuator).
 */
public class HubClient {

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final URI base;
    private final URI ingress;
    private final String token;

    public HubClient(int apiPort, int ingressPort, String token) {
        this.base = URI.create("http://localhost:" + apiPort);
        this.ingress = URI.create("http://localhost:" + ingressPort);
        this.token = token;
    }

    /** A client of a hub started in this JVM (as a Spring context). */
    public static HubClient of(ApplicationContext hub, String token) {
        int apiPort = ((WebServerApplicationContext) hub).getWebServer().getPort();
        return new HubClient(apiPort, hub.getBean(IngressServer.class).port(), token);
    }

    /** The internal port: API, dashboard, actuator. */
    public URI base() {
        return base;
    }

    /** The ingress listener: what Gensee calls. */
    public URI ingress() {
        return ingress;
    }

    /** The listener that serves this path. */
    public URI baseFor(String pathAndQuery) {
        return pathAndQuery.startsWith("/gensee/") ? ingress : base;
    }

    /** A POST of these bytes with this Content-Type, to the listener that serves the path. */
    public HttpResponse<String> post(String pathAndQuery, String contentType, byte[] body) {
        return send(HttpRequest.newBuilder(baseFor(pathAndQuery).resolve(pathAndQuery)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    public HttpResponse<String> get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(baseFor(pathAndQuery).resolve(pathAndQuery)).GET().build());
    }

    /** A callback POSTed as Gensee would (the Q&A pushes): the body as UTF-8 with this Content-Type. */
    public HttpResponse<String> post(String pathAndQuery, String body, String contentType) {
        return post(pathAndQuery, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A GET written byte for byte on a socket, for request lines that java.net.URI refuses to build
     * (broken percent-encoding and the like). Returns the status code and the body.
     */
    public RawResponse rawGet(String pathAndQuery) {
        URI target = baseFor(pathAndQuery);
        try (Socket socket = new Socket(target.getHost(), target.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring(9, 12));
            String body = response.substring(response.indexOf("\r\n\r\n") + 4);
            if (response.toLowerCase().contains("transfer-encoding: chunked")) {
                body = dechunk(body);
            }
            return new RawResponse(status, body);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    public record RawResponse(int statusCode, String body) {
    }

    /** The body of a chunked response (read as UTF-8 text), without its chunk framing. */
    public static String dechunk(String chunked) {
        byte[] bytes = chunked.getBytes(StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int lineEnd = at;
            while (bytes[lineEnd] != '\r') {
                lineEnd++;
            }
            int size = Integer.parseInt(new String(bytes, at, lineEnd - at, StandardCharsets.US_ASCII).trim(), 16);
            if (size == 0) {
                return body.toString(StandardCharsets.UTF_8);
            }
            body.write(bytes, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }

    public HttpResponse<String> api(String method, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    /** A GET of the API whose answer is binary (an XLSX download); fails unless the status is 200. */
    public HttpResponse<byte[]> apiBytes(String path) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + token).GET().build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + path + " -> " + response.statusCode());
            }
            return response;
        } catch (IOException e) {
            throw new AssertionError(request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    public JsonNode apiJson(String path) {
        HttpResponse<String> response = api("GET", path, null);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " -> " + response.statusCode() + " " + response.body());
        }
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    /**
     * Every item of a paged listing ({@code {"items": [...], "nextOffset": n|null}}), following
     * {@code nextOffset} from the first page to the last, in the listing's order.
     */
    public ArrayNode apiItems(String path) {
        ArrayNode all = json.createArrayNode();
        String separator = path.contains("?") ? "&" : "?";
        JsonNode page = apiJson(path + separator + "limit=1000");
        all.addAll((ArrayNode) page.get("items"));
        while (!page.get("nextOffset").isNull()) {
            page = apiJson(path + separator + "limit=1000&offset=" + page.get("nextOffset").asInt());
            all.addAll((ArrayNode) page.get("items"));
        }
        return all;
    }

    /**
     * The newest quarantined request with this path, once it is there (requests refused at the door
     * are written to the quarantine just after the answer).
     */
    public JsonNode awaitQuarantined(String path) {
        return awaitQuarantined(path, 0);
    }

    /** As {@link #awaitQuarantined(String)}, a row newer than {@code afterId} (see {@link #quarantineMark()}). */
    public JsonNode awaitQuarantined(String path, long afterId) {
        return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (JsonNode item : apiJson("/api/quarantine?limit=50").get("items")) {
                if (item.get("path").asText().equals(path) && item.get("id").asLong() > afterId) {
                    return item;
                }
            }
            return null;
        }, java.util.Objects::nonNull);
    }

    /** The id of the newest quarantine row now (0 for none). */
    public long quarantineMark() {
        JsonNode items = apiJson("/api/quarantine?limit=1").get("items");
        return items.isEmpty() ? 0 : items.get(0).get("id").asLong();
    }

    public JsonNode json(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** Waits until every journaled event has been applied (the dispatch queue is empty). */
    public void awaitDispatched() {
        org.awaitility.Awaitility.await("dispatch queue drained").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> apiJson("/api/status").get("pendingDispatch").asLong() == 0);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

}
