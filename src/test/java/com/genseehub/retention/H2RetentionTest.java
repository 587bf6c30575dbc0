package com.genseehub.retention;

import com.genseehub.support.HubTest;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;

/** Retention and archives on the embedded H2 default. */
@HubTest
@AutoConfigureObservability // /actuator/prometheus: the retention metrics
class H2RetentionTest extends RetentionTests {
}
