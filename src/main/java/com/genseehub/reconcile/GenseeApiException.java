package com.genseehub.reconcile;

/** Gensee's API answered, but not with success (wrong credentials, a refused time range, a call limit, ...). */
public class GenseeApiException extends RuntimeException {

    public GenseeApiException(String message) {
        super(message);
    }
}
