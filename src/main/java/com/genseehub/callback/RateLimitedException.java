package com.genseehub.callback;

/**
 * Too many callbacks from one address for one site. Answered 429 and counted, but not quarantined:
 * a flood must not be able to fill the database.
 */
public class RateLimitedException extends RejectedCallbackException {

    public RateLimitedException(CallbackRequest request) {
        super(request, 429, "too many requests");
    }
}
