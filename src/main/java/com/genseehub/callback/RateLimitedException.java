package com.genseehub.callback;

/**
 * Too many requests from one address. Answered 429 and counted, but not quarantined: a flood must
 * not be able to fill the database.
 */
public class RateLimitedException extends RejectedCallbackException {

    public RateLimitedException(CallbackRequest request) {
        super(request, 429, "too many requests");
    }
}
