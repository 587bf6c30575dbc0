package com.genseehub.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.genseehub.support.HubTest;
import com.genseehub.support.RunningHubTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** The bean catalogue the route check and the route tests use is the running hub's: same names, same types. */
@HubTest
class HubBeansTest extends RunningHubTest {

    @Autowired
    ApplicationContext context;

    @Test
    void everyCataloguedBeanIsABeanOfTheRunningHubWithThatType() {
        Map<String, Class<?>> catalogue = HubBeans.scan().all();

        assertThat(catalogue).containsKeys("outbox", "attendance", "classLifecycle", "vodViewing", "qaStore", "rollCallStore");
        Set<String> replacedByTheTests = new TreeSet<>();
        catalogue.forEach((name, type) -> {
            if (!context.containsBean(name)) {
                // a bean of that type stands in for it: the test's own clock, and on the embedded database
                // the spooled journal writer for the database one
                replacedByTheTests.add(name);
                assertThat(context.getBeanNamesForType(type)).as("beans of type %s", type).isNotEmpty();
                return;
            }
            assertThat(type).as("type of bean %s", name).isAssignableFrom(context.getType(name));
        });
        assertThat(replacedByTheTests).containsExactly("clock", "databaseJournalWriter");
    }
}
