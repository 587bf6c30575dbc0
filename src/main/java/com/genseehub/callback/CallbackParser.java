package com.genseehub.callback;

import java.util.Map;
import java.util.regex.Pattern;

import com.genseehub.config.HubProperties.Site;
import org.springframework.stereotype.Component;

/**
 * Turns a raw live-status or VOD request (spec sections 2 and 6) into a {@link CallbackEvent}, or
 * refuses it with a one-line reason.
 */
@Component
public class CallbackParser {

    private static final Pattern CLASS_NO = Pattern.compile("[A-Za-z0-9_\\-]{1,64}");
    private static final Pattern DIGITS = Pattern.compile("\\d{1,18}");
    private static final Pattern SMALL_DIGITS = Pattern.compile("\\d{1,9}");

    private final Sites sites;

    public CallbackParser(Sites sites) {
        this.sites = sites;
    }

    /** {@code GET /gensee/{site}/live}: Action 101-110. */
    public CallbackEvent live(CallbackRequest request) {
        return parse(request, CallbackKind.LIVE);
    }

    /** {@code GET /gensee/{site}/vod}: Action 111-112. */
    public CallbackEvent vod(CallbackRequest request) {
        return parse(request, CallbackKind.VOD);
    }

    private CallbackEvent parse(CallbackRequest request, CallbackKind kind) {
        Site site = sites.site(request.site());
        Map<String, String> params;
        try {
            params = QueryString.parse(request.query());
        } catch (IllegalArgumentException e) {
            throw RejectedCallbackException.badRequest(request, e.getMessage());
        }
        String classNo = params.get("ClassNo");
        if (classNo == null || classNo.isEmpty()) {
            throw RejectedCallbackException.badRequest(request, "ClassNo is missing");
        }
        if (!CLASS_NO.matcher(classNo).matches()) {
            throw RejectedCallbackException.badRequest(request,
                    "ClassNo must be 1-64 letters, digits, '-' or '_'");
        }
        Action action = action(request, kind, site, params.get("Action"));
        Long operator = number(request, params, "Operator", DIGITS);
        if (action.aboutAUser() && operator == null) {
            throw RejectedCallbackException.badRequest(request,
                    "Operator is required for Action " + action.code());
        }
        Long totalUsers = number(request, params, "totalusernum", SMALL_DIGITS);
        return new CallbackEvent(null, request.receivedAt(), request.site(), kind, classNo, action.code(),
                operator, totalUsers == null ? null : totalUsers.intValue(), params);
    }

    private static Action action(CallbackRequest request, CallbackKind kind, Site site, String value) {
        if (value == null || value.isEmpty()) {
            throw RejectedCallbackException.badRequest(request, "Action is missing");
        }
        if (!SMALL_DIGITS.matcher(value).matches()) {
            throw RejectedCallbackException.badRequest(request, "Action must be a number");
        }
        Action action = Action.ofCode(Integer.parseInt(value))
                .filter(a -> a.kind() == kind)
                .orElseThrow(() -> RejectedCallbackException.badRequest(request,
                        "Action " + value + " is not a " + kind.id() + " callback code"));
        if (!action.sentBy(site)) {
            throw RejectedCallbackException.badRequest(request, "Action " + value + " is not sent for "
                    + site.classType().name().toLowerCase().replace('_', '-') + " classes");
        }
        return action;
    }

    private static Long number(CallbackRequest request, Map<String, String> params, String name, Pattern format) {
        String value = params.get(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (!format.matcher(value).matches()) {
            throw RejectedCallbackException.badRequest(request, name + " must be a non-negative number");
        }
        return Long.parseLong(value);
    }
}
