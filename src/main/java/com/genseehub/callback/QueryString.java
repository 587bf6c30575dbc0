package com.genseehub.callback;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Decodes an application/x-www-form-urlencoded string, refusing a name given twice. */
public final class QueryString {

    private QueryString() {
    }

    /**
     * @throws IllegalArgumentException with a one-line reason for a malformed string or a repeated name
     */
    public static Map<String, String> parse(String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return Map.of();
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (params.putIfAbsent(name, value) != null) {
                throw new IllegalArgumentException("parameter " + printable(name) + " is given more than once");
            }
        }
        return Collections.unmodifiableMap(params);
    }

    /** True when every percent-escape of the form / query string is well formed. */
    public static boolean wellEncoded(String encoded) {
        try {
            decode(encoded);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String decode(String part) {
        try {
            return URLDecoder.decode(part, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed percent-encoding in query string");
        }
    }

    /** A parameter name or value safe to echo in a one-line reason. */
    public static String printable(String value) {
        String cleaned = value.replaceAll("[^\\p{L}\\p{N}_.\\-]", "?");
        return cleaned.length() > 40 ? cleaned.substring(0, 40) + "..." : cleaned;
    }
}
