package com.genseehub.callback;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A request as it arrived over HTTP, before any interpretation: what the quarantine keeps of a
 * refused one, and what a replay sends through the ingress again.
 *
 * @param site          the site's key in {@code hub.sites} (the site the URL's key stands for)
 * @param method        HTTP method
 * @param path          request path as received (still percent-encoded)
 * @param query         raw (still percent-encoded) query string, or null
 * @param headers       the headers that say how to read the body: Content-Type, Content-Length,
 *                      Transfer-Encoding (lower-case names; absent ones left out)
 * @param body          the body bytes as received (empty for none)
 * @param remoteAddress the caller's address (from X-Forwarded-For only behind a trusted proxy)
 * @param receivedAt    when the hub first received it (UTC)
 */
public record CallbackRequest(String site, String method, String path, String query, Map<String, String> headers,
                              byte[] body, String remoteAddress, Instant receivedAt) {

    public CallbackRequest {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    /** A request without a body (a GET). */
    public static CallbackRequest get(String site, String path, String query, String remoteAddress, Instant receivedAt) {
        return new CallbackRequest(site, "GET", path, query, Map.of(), new byte[0], remoteAddress, receivedAt);
    }

    public String contentType() {
        return headers.get("content-type");
    }

    /** The charset the Content-Type declares, if it declares one Java knows. */
    public Optional<Charset> declaredCharset() {
        String type = contentType();
        if (type == null) {
            return Optional.empty();
        }
        for (String parameter : type.split(";")) {
            String[] pair = parameter.trim().split("=", 2);
            if (pair.length == 2 && pair[0].trim().equalsIgnoreCase("charset")) {
                String name = pair[1].trim().replace("\"", "");
                try {
                    return Optional.of(Charset.forName(name));
                } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** True when the Content-Type names this media type (parameters ignored). */
    public boolean hasMediaType(String mediaType) {
        String type = contentType();
        return type != null && type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT).equals(mediaType);
    }

    /** The body as text in the declared charset, else UTF-8 (for logs and the quarantine view). */
    public String bodyText() {
        return new String(body, declaredCharset().orElse(StandardCharsets.UTF_8));
    }

    public boolean hasBody() {
        return body.length > 0;
    }

    // a record's generated equals/hashCode compare arrays by identity: compare their content
    @Override
    public boolean equals(Object other) {
        return other instanceof CallbackRequest that && Arrays.equals(body, that.body)
                && java.util.Objects.equals(site, that.site) && java.util.Objects.equals(method, that.method)
                && java.util.Objects.equals(path, that.path) && java.util.Objects.equals(query, that.query)
                && headers.equals(that.headers) && java.util.Objects.equals(remoteAddress, that.remoteAddress)
                && java.util.Objects.equals(receivedAt, that.receivedAt);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(site, method, path, query, headers, Arrays.hashCode(body), remoteAddress, receivedAt);
    }

    @Override
    public String toString() {
        return method + " " + path + (query == null ? "" : "?" + query) + " (" + body.length + " body bytes) from "
                + remoteAddress;
    }
}
