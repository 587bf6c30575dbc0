package com.genseehub.callback;

/** A callback the hub refuses; the reply carries {@link #status()} and the one-line reason. */
public class RejectedCallbackException extends RuntimeException {

    private final transient CallbackRequest request;
    private final int status;

    public RejectedCallbackException(CallbackRequest request, int status, String reason) {
        super(reason);
        this.request = request;
        this.status = status;
    }

    public static RejectedCallbackException badRequest(CallbackRequest request, String reason) {
        return new RejectedCallbackException(request, 400, reason);
    }

    public CallbackRequest request() {
        return request;
    }

    public int status() {
        return status;
    }
}
