package com.genseehub.support;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Base of the tests that talk to the running hub ({@link HubTest}) over real HTTP. */
public abstract class RunningHubTest {

    @LocalServerPort
    protected int port;

    protected HubClient hub;

    @BeforeEach
    void connectToTheHub() {
        hub = new HubClient(port, HubTest.TOKEN);
    }
}
