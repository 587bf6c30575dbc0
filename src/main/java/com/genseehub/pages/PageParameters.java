package com.genseehub.pages;

import java.util.Map;
import java.util.regex.Pattern;

import com.genseehub.callback.CallbackEvent;
import com.genseehub.callback.CallbackKind;
import com.genseehub.callback.CallbackRequest;
import com.genseehub.callback.QueryString;
import com.genseehub.callback.RejectedCallbackException;

/** The query parameters of a page Gensee opens in the attendee's browser, checked one by one. */
public final class PageParameters {

    private static final Pattern USER_ID = Pattern.compile("\\d{1,18}");
    private static final Pattern WEBCAST_ID = Pattern.compile("[A-Za-z0-9_\\-]{1,64}");

    private final CallbackRequest request;
    private final Map<String, String> params;

    private PageParameters(CallbackRequest request, Map<String, String> params) {
        this.request = request;
        this.params = params;
    }

    /** @throws RejectedCallbackException 400 for a malformed query string or a repeated parameter */
    public static PageParameters of(CallbackRequest request) {
        try {
            return new PageParameters(request, QueryString.parse(request.query()));
        } catch (IllegalArgumentException e) {
            throw RejectedCallbackException.badRequest(request, e.getMessage());
        }
    }

    /** A required Gensee user id (digits). */
    public long userId(String name) {
        String value = required(name);
        if (!USER_ID.matcher(value).matches()) {
            throw RejectedCallbackException.badRequest(request, name + " must be a number");
        }
        return Long.parseLong(value);
    }

    /** A required webcast / conference / room id. */
    public String webcastId(String name) {
        String value = required(name);
        if (!WEBCAST_ID.matcher(value).matches()) {
            throw RejectedCallbackException.badRequest(request, name + " must be 1-64 letters, digits, '-' or '_'");
        }
        return value;
    }

    /** Optional free text, empty when absent. */
    public String text(String name, int maxLength) {
        String value = params.getOrDefault(name, "");
        if (value.length() > maxLength) {
            throw RejectedCallbackException.badRequest(request, name + " is longer than " + maxLength + " characters");
        }
        return value;
    }

    /** The visit as a journal event of this request: classNo and operator as given, no Action. */
    public CallbackEvent event(CallbackKind kind, String classNo, long userId, Map<String, String> params) {
        return new CallbackEvent(null, request.receivedAt(), request.site(), kind, classNo, null, userId, null, params);
    }

    private String required(String name) {
        String value = params.get(name);
        if (value == null || value.isEmpty()) {
            throw RejectedCallbackException.badRequest(request, name + " is missing");
        }
        return value;
    }
}
