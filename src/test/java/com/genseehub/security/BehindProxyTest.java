package com.genseehub.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.genseehub.support.HubTest;
import com.genseehub.support.RunningHubTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * Behind a reverse proxy (here: the test, calling from 127.0.0.1, a trusted internal address) with
 * server.forward-headers-strategy=native, allow-lists and the quarantine see the caller's address
 * from X-Forwarded-For, as the README says.
 */
@HubTest
@TestPropertySource(properties = {
        // the test client is the "proxy": only from it is X-Forwarded-For believed
        "hub.ingress.trusted-proxies=127.0.0.1/32,::1/128",
        "hub.sites.proxied.product=webcast",
        "hub.sites.proxied.allowed-addresses=203.0.113.0/24"
})
class BehindProxyTest extends RunningHubTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void theForwardedAddressIsTheOneCheckedAndKept() throws Exception {
        assertThat(send("203.0.113.7", "P1").statusCode()).isEqualTo(200);

        assertThat(send("198.51.100.9", "P2").statusCode()).isEqualTo(404);
        var kept = hub.awaitQuarantined("/gensee/proxied/live");
        assertThat(kept.get("reason").asText()).isEqualTo("address 198.51.100.9 is not in the allowed-addresses of site proxied");
        assertThat(kept.get("remoteAddress").asText()).isEqualTo("198.51.100.9");
        // what a client put in front of the header is not believed: the hop the trusted proxy appended counts
        assertThat(send("203.0.113.7, 198.51.100.9", "P4").statusCode()).isEqualTo(404);

        // the proxy's own address is not a caller
        assertThat(hub.get("/gensee/proxied/live?ClassNo=P3&Operator=1&Action=101").statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> send(String forwardedFor, String classNo) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        hub.ingress().resolve("/gensee/proxied/live?ClassNo=" + classNo + "&Operator=1&Action=101"))
                .header("X-Forwarded-For", forwardedFor).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
