package com.genseehub.qa;

import com.genseehub.support.HubTest;

/** The Q&A endpoints on the embedded H2 default. */
@HubTest
class H2QaEndpointsTest extends QaEndpointsTests {
}
