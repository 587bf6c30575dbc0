package com.genseehub.crm;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signature: {@code v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">}. A secret
 * written as {@code whsec_<base64>} is the base64-decoded key (the Standard Webhooks convention);
 * any other secret is used as its UTF-8 bytes.
 */
public final class WebhookSignature {

    private static final String STANDARD_PREFIX = "whsec_";

    private WebhookSignature() {
    }

    public static String sign(String secret, String id, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(secret), "HmacSHA256"));
            byte[] digest = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    static byte[] key(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("a CRM endpoint needs a secret");
        }
        return secret.startsWith(STANDARD_PREFIX)
                ? Base64.getDecoder().decode(secret.substring(STANDARD_PREFIX.length()))
                : secret.getBytes(StandardCharsets.UTF_8);
    }
}
