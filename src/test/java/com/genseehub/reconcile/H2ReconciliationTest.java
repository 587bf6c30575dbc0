package com.genseehub.reconcile;

import com.genseehub.support.HubTest;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.context.annotation.Import;

/** Reconciliation on the embedded H2 default. */
@HubTest
@AutoConfigureObservability // /actuator/prometheus: the reconciliation metric
@Import(ReconciliationTests.FiguresListener.class)
class H2ReconciliationTest extends ReconciliationTests {
}
