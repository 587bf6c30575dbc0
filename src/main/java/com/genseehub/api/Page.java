package com.genseehub.api;

import java.util.List;

/** One page of a newest-first listing; {@code nextOffset} is null on the last page. */
public record Page<T>(List<T> items, int offset, int limit, Integer nextOffset) {

    /** Builds a page from limit + 1 fetched rows (the extra row only tells whether there is more). */
    public static <T> Page<T> of(List<T> fetched, int offset, int limit) {
        boolean more = fetched.size() > limit;
        return new Page<>(more ? fetched.subList(0, limit) : fetched, offset, limit, more ? offset + limit : null);
    }

    public static int checkedLimit(int limit) {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be between 1 and 1000");
        }
        return limit;
    }
}
