package com.genseehub.callback;

/** A callback the hub refuses; the reply carries {@link #status()} and the one-line reason. */
public class RejectedCallbackException extends RuntimeException {

    private final transient CallbackRequest request;
    private final int status;
    private final String detail;

    public RejectedCallbackException(CallbackRequest request, int status, String reason) {
        this(request, status, reason, reason);
    }

    /**
     * @param reason what the caller is told
     * @param detail what the quarantine keeps for the operator (may say more than the caller may learn)
     */
    public RejectedCallbackException(CallbackRequest request, int status, String reason, String detail) {
        super(reason);
        this.request = request;
        this.status = status;
        this.detail = detail;
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

    public String detail() {
        return detail;
    }
}
