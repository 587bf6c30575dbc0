package com.genseehub.api;

import java.util.List;

/** One page of a listing; {@code nextOffset} is null on the last page. */
public record Page<T>(List<T> items, int offset, int limit, Integer nextOffset) {

    /** The limit of a listing when the request names none (a request parameter's default, hence text). */
    public static final String DEFAULT_LIMIT = "100";

    /** The largest page a request may ask for. */
    public static final int MAX_LIMIT = 1000;

    /** Reads {@code count} rows from {@code offset} of a listing, in its stable order. */
    @FunctionalInterface
    public interface Rows<T> {
        List<T> read(int offset, int count);
    }

    /**
     * The page at {@code offset}: checks offset and limit (an {@link IllegalArgumentException}, a 400, when
     * out of range), reads limit + 1 rows and builds the page from them.
     */
    public static <T> Page<T> read(int offset, int limit, Rows<T> rows) {
        checkedOffset(offset);
        checkedLimit(limit);
        return of(rows.read(offset, limit + 1), offset, limit);
    }

    /** Builds a page from limit + 1 fetched rows (the extra row only tells whether there is more). */
    public static <T> Page<T> of(List<T> fetched, int offset, int limit) {
        boolean more = fetched.size() > limit;
        return new Page<>(more ? fetched.subList(0, limit) : fetched, offset, limit, more ? offset + limit : null);
    }

    private static void checkedLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
    }

    private static void checkedOffset(int offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be 0 or more");
        }
    }
}
