package com.genseehub.auth;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import com.genseehub.callback.CallbackRequest;
import com.genseehub.callback.QueryString;
import com.genseehub.callback.RejectedCallbackException;
import org.springframework.stereotype.Component;

/**
 * {@code GET|POST /gensee/{site}/auth?k=&uid=}: Gensee's third-party join authentication. The answer is
 * {@code pass} or {@code fail} and nothing else; anything odd about the request is a {@code fail}, but
 * for a body or query nobody could read (broken percent-escapes): 400 and quarantine.
 */
@Component
public class JoinAuth {

    public static final String PASS = "pass";
    public static final String FAIL = "fail";
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_\\-]{1,100}");
    private static final Pattern UID = Pattern.compile("\\d{1,18}");

    private final JoinTokens tokens;

    public JoinAuth(JoinTokens tokens) {
        this.tokens = tokens;
    }

    public String check(CallbackRequest request) {
        Map<String, String> params;
        try {
            // k and uid may come in the query or, on a POST, as form fields
            params = new HashMap<>(QueryString.parse(request.query()));
            for (Map.Entry<String, String> field : QueryString.parseForm(request.body(), request.declaredCharset())
                    .fields().entrySet()) {
                if (params.putIfAbsent(field.getKey(), field.getValue()) != null) {
                    return FAIL;
                }
            }
        } catch (IllegalArgumentException e) {
            if (e.getMessage().startsWith("malformed")) {
                // not a request anyone could read: bad input, kept in quarantine
                throw RejectedCallbackException.badRequest(request, e.getMessage());
            }
            return FAIL;
        }
        String k = params.get("k");
        String uid = params.get("uid");
        if (k == null || !TOKEN.matcher(k).matches() || (uid != null && !UID.matcher(uid).matches())) {
            return FAIL;
        }
        Long user = uid == null ? null : Long.valueOf(uid);
        return tokens.redeemable(k, user, request.site()) && tokens.redeem(k, user, request.site()) ? PASS : FAIL;
    }
}
