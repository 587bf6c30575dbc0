package com.genseehub.support;

import com.genseehub.ingress.IngressServer;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Base of the tests that talk to the running hub ({@link HubTest}) over real HTTP. */
public abstract class RunningHubTest {

    /** The internal port: API, dashboard, actuator. */
    @LocalServerPort
    protected int port;

    @Autowired
    private IngressServer ingressServer;

    /** The ingress listener: what Gensee calls. */
    protected int ingressPort;

    protected HubClient hub;

    @BeforeEach
    void connectToTheHub() {
        ingressPort = ingressServer.port();
        hub = new HubClient(port, ingressPort, HubTest.TOKEN);
    }
}
