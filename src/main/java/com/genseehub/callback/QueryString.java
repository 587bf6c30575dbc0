package com.genseehub.callback;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decodes {@code application/x-www-form-urlencoded} text (a query string or a form body), refusing a
 * name given twice and a broken percent-escape.
 */
public final class QueryString {

    /** GBK's superset: what Chinese forms that are not UTF-8 are written in. */
    public static final Charset GB18030 = Charset.forName("GB18030");

    private QueryString() {
    }

    /**
     * A query string (UTF-8, as Gensee sends it).
     *
     * @throws IllegalArgumentException with a one-line reason for a malformed string or a repeated name
     */
    public static Map<String, String> parse(String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return Map.of();
        }
        try {
            return decode(pairs(encoded.getBytes(StandardCharsets.ISO_8859_1)), StandardCharsets.UTF_8, false);
        } catch (MalformedEscape e) {
            throw new IllegalArgumentException("malformed percent-encoding in query string");
        }
    }

    /** True when every percent-escape of the query string or form body is two hex digits. */
    public static boolean wellEncoded(String encoded) {
        if (encoded == null) {
            return true;
        }
        for (int i = encoded.indexOf('%'); i >= 0; i = encoded.indexOf('%', i + 1)) {
            if (i + 2 >= encoded.length() || Character.digit(encoded.charAt(i + 1), 16) < 0
                    || Character.digit(encoded.charAt(i + 2), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Form fields and the charset their bytes were read in.
     *
     * @param guessed true when no charset was declared and the bytes were not UTF-8, so they were read as GB18030
     */
    public record Form(Map<String, String> fields, Charset charset, boolean guessed) {
    }

    /**
     * A form body: in the declared charset, else UTF-8; a body without a declared charset that is
     * not valid UTF-8 is read as GB18030 (what Chinese senders use), and the result says so.
     *
     * @throws IllegalArgumentException with a one-line reason for a malformed body or a repeated name
     */
    public static Form parseForm(byte[] body, Optional<Charset> declared) {
        List<byte[][]> pairs;
        try {
            pairs = pairs(body);
        } catch (MalformedEscape e) {
            throw new IllegalArgumentException("malformed percent-encoding in form body");
        }
        if (declared.isPresent()) {
            return new Form(decode(pairs, declared.get(), false), declared.get(), false);
        }
        try {
            return new Form(decode(pairs, StandardCharsets.UTF_8, true), StandardCharsets.UTF_8, false);
        } catch (NotInCharset notUtf8) {
            return new Form(decode(pairs, GB18030, false), GB18030, true);
        }
    }

    /** Name and value bytes of each pair, percent-escapes and '+' decoded. */
    private static List<byte[][]> pairs(byte[] body) {
        List<byte[][]> pairs = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= body.length; i++) {
            if (i == body.length || body[i] == '&') {
                if (i > start) {
                    int eq = start;
                    while (eq < i && body[eq] != '=') {
                        eq++;
                    }
                    byte[] name = unescape(body, start, eq);
                    byte[] value = eq < i ? unescape(body, eq + 1, i) : new byte[0];
                    pairs.add(new byte[][] {name, value});
                }
                start = i + 1;
            }
        }
        return pairs;
    }

    private static byte[] unescape(byte[] body, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte b = body[i];
            if (b == '+') {
                out.write(' ');
            } else if (b == '%') {
                if (i + 2 >= to) {
                    throw new MalformedEscape();
                }
                int high = Character.digit(body[i + 1], 16);
                int low = Character.digit(body[i + 2], 16);
                if (high < 0 || low < 0) {
                    throw new MalformedEscape();
                }
                out.write(high * 16 + low);
                i += 2;
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    private static Map<String, String> decode(List<byte[][]> pairs, Charset charset, boolean strict) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (byte[][] pair : pairs) {
            String name = text(pair[0], charset, strict);
            String value = text(pair[1], charset, strict);
            if (fields.putIfAbsent(name, value) != null) {
                throw new IllegalArgumentException("parameter " + printable(name) + " is given more than once");
            }
        }
        return Collections.unmodifiableMap(fields);
    }

    private static String text(byte[] bytes, Charset charset, boolean strict) {
        if (!strict) {
            return new String(bytes, charset);
        }
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new NotInCharset();
        }
    }

    private static final class MalformedEscape extends RuntimeException {
        MalformedEscape() {
            super(null, null, false, false);
        }
    }

    /** Bytes that are not text in the charset tried. */
    private static final class NotInCharset extends RuntimeException {
        NotInCharset() {
            super(null, null, false, false);
        }
    }

    /** A parameter name or value safe to echo in a one-line reason. */
    public static String printable(String value) {
        String cleaned = value.replaceAll("[^\\p{L}\\p{N}_.\\-]", "?");
        return cleaned.length() > 40 ? cleaned.substring(0, 40) + "..." : cleaned;
    }
}
