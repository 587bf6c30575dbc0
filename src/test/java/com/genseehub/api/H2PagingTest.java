package com.genseehub.api;

import com.genseehub.support.HubTest;

/** Paging on the embedded H2 default. */
@HubTest
class H2PagingTest extends PagingTests {
}
