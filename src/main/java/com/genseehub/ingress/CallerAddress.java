package com.genseehub.ingress;

import java.util.List;

import com.genseehub.callback.Cidr;

/**
 * The caller's address: the peer of the connection, or, when the peer is a reverse proxy named in
 * {@code hub.ingress.trusted-proxies}, the last address in X-Forwarded-For that is not one of them
 * (a client can put anything at the front of that header; only what trusted proxies appended counts).
 */
final class CallerAddress {

    private final List<Cidr> trustedProxies;

    CallerAddress(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies.stream().map(Cidr::parse).toList();
    }

    String of(String peer, String forwardedFor) {
        if (forwardedFor == null || !trusted(peer)) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (!hop.isEmpty() && !trusted(hop)) {
                return hop;
            }
        }
        return peer;
    }

    private boolean trusted(String address) {
        return trustedProxies.stream().anyMatch(cidr -> cidr.contains(address));
    }
}
