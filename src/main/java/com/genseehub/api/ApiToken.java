package com.genseehub.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import com.genseehub.config.HubProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The bearer token of the /api endpoints: hub.api.token, or a random one logged once at start-up. */
@Component
public class ApiToken {

    private static final Logger log = LoggerFactory.getLogger(ApiToken.class);

    private final byte[] token;

    public ApiToken(HubProperties properties) {
        String configured = properties.api().token();
        if (configured == null || configured.isBlank()) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            configured = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            log.warn("No hub.api.token (env HUB_API_TOKEN) set; generated API token for this run: {}", configured);
        }
        this.token = configured.getBytes(StandardCharsets.UTF_8);
    }

    /** Constant-time comparison, so the reply time leaks nothing about the token. */
    public boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.UTF_8));
    }
}
