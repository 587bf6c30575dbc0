package com.genseehub.e2e;

import com.genseehub.support.HubTest;

/** The end-to-end scenarios on the embedded H2 default. */
@HubTest
class H2AttendanceEndToEndTest extends AttendanceEndToEndTests {
}
