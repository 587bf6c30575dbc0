package com.genseehub.ingress;

import java.util.Optional;

/**
 * What a path under /gensee says: {@code /gensee/{key}/{endpoint}}, e.g. key {@code demo} and
 * endpoint {@code qa/client}. Read from the normalised path (percent-escapes of plain characters
 * decoded, dot segments removed), the path the routes are matched on, so {@code /%67ensee/demo/live}
 * is the same as {@code /gensee/demo/live}.
 */
public record CallbackPath(String key, String endpoint) {

    private static final String PREFIX = "/gensee/";

    public static Optional<CallbackPath> of(String normalizedPath) {
        if (normalizedPath == null || !normalizedPath.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = normalizedPath.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new CallbackPath(rest.substring(0, slash), rest.substring(slash + 1)));
    }

    /** The route that journals this endpoint's callbacks, e.g. {@code direct:journal-qa-client}. */
    public String journalRoute() {
        return "direct:journal-" + endpoint.replace('/', '-');
    }
}
