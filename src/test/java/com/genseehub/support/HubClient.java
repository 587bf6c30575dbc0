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
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Talks to the running hub over real HTTP, as Gensee and an integrator would. */
public class HubClient {

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final URI base;
    private final String token;

    public HubClient(int port, String token) {
        this.base = URI.create("http://localhost:" + port);
        this.token = token;
    }

    public URI base() {
        return base;
    }

    public HttpResponse<String> get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).GET().build());
    }

    /** A callback POSTed as Gensee would (the Q&A pushes): the body as UTF-8 with this Content-Type. */
    public HttpResponse<String> post(String pathAndQuery, String body, String contentType) {
        return send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
    }

    /**
     * A GET written byte for byte on a socket, for request lines that java.net.URI refuses to build
     * (broken percent-encoding and the like). Returns the status code and the body.
     */
    public RawResponse rawGet(String pathAndQuery) {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
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

    private static String dechunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
            if (size == 0) {
                return body.toString();
            }
            body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
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

    /** Waits until every journaled event has been applied (the dispatch queue is empty). */
    public void awaitDispatched() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (apiJson("/api/status").get("pendingDispatch").asLong() > 0) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("dispatch queue not drained within 30 s");
            }
            sleep(50);
        }
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

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
