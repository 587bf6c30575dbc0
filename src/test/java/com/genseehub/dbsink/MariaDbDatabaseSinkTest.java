package com.genseehub.dbsink;

import com.genseehub.support.HubTest;
import com.genseehub.support.TargetDatabase;
import com.genseehub.support.TcpProxy;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The lms-db sink into a real MariaDB (127.0.0.1:3306), the hub on its embedded H2. */
@HubTest
class MariaDbDatabaseSinkTest extends DatabaseSinkTests {

    static final TargetDatabase TARGET = TargetDatabase.mariaDb();
    static final TcpProxy RELAY = TARGET.relay();

    @DynamicPropertySource
    static void sink(DynamicPropertyRegistry registry) {
        lmsDb(registry, TARGET, RELAY);
    }

    MariaDbDatabaseSinkTest() {
        super(TARGET, RELAY);
    }
}
