package com.genseehub.callback;

import java.time.Instant;

/**
 * A request as it arrived over HTTP, before any interpretation. Kept verbatim in quarantine when
 * it is refused.
 *
 * @param site          the site key from the URL path
 * @param method        HTTP method
 * @param path          request path
 * @param query         raw (still URL-encoded) query string, or null
 * @param body          request body as text, or null
 * @param remoteAddress the peer's address
 * @param receivedAt    when the hub received it (UTC)
 */
public record CallbackRequest(String site, String method, String path, String query, String body,
                              String remoteAddress, Instant receivedAt) {
}
