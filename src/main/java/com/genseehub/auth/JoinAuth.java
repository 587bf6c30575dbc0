package com.genseehub.auth;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import com.genseehub.callback.CallbackRequest;
import com.genseehub.callback.QueryString;
import com.genseehub.callback.Sites;
import org.springframework.stereotype.Component;

/**
 * {@code GET|POST /gensee/{site}/auth?k=&uid=}: Gensee's third-party join authentication. The answer is
 * {@code pass} or {@code fail} and nothing else; anything odd about the request is a {@code fail}.
 */
@Component
public class JoinAuth {

    public static final String PASS = "pass";
    public static final String FAIL = "fail";
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_\\-]{1,100}");
    private static final Pattern UID = Pattern.compile("\\d{1,18}");

    private final Sites sites;
    private final JoinTokens tokens;

    public JoinAuth(Sites sites, JoinTokens tokens) {
        this.sites = sites;
        this.tokens = tokens;
    }

    public String check(CallbackRequest request) {
        sites.require(request);
        Map<String, String> params;
        try {
            // k and uid may come in the query or, on a POST, as form fields
            params = new HashMap<>(QueryString.parse(request.query()));
            for (Map.Entry<String, String> field : QueryString.parse(request.body()).entrySet()) {
                if (params.putIfAbsent(field.getKey(), field.getValue()) != null) {
                    return FAIL;
                }
            }
        } catch (IllegalArgumentException e) {
            return FAIL;
        }
        String k = params.get("k");
        String uid = params.get("uid");
        if (k == null || !TOKEN.matcher(k).matches() || (uid != null && !UID.matcher(uid).matches())) {
            return FAIL;
        }
        return tokens.redeem(k, uid == null ? null : Long.valueOf(uid), request.site()) ? PASS : FAIL;
    }
}
