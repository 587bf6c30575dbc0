package com.genseehub.dashboard;

import com.genseehub.support.HubTest;

/** The dashboard API on the embedded H2 default. */
@HubTest
class H2DashboardApiTest extends DashboardApiTests {
}
