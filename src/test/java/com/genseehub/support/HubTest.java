package com.genseehub.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The running hub on a random port with the shipped routes and application.yaml, a fresh file
 * H2 database, a known API token and a clock the test controls.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        // a file database, as shipped (background writes + the journal spool), of this test context only;
        // under target/ so that "mvn clean" removes it
        "spring.datasource.url=jdbc:h2:file:./target/test-databases/${random.uuid}/hub;DB_CLOSE_ON_EXIT=FALSE",
        "hub.api.token=" + HubTest.TOKEN,
        // the ingress on a free port of its own (RunningHubTest finds it)
        "hub.ingress.port=0",
        "hub.sites.demo.page-key=" + HubTest.DEMO_PAGES,
        "hub.dispatch.poll-interval=200ms",
        // the hub journals a class summary of its own after each stop: not in these shared contexts, where
        // tests count journal events (the summary's own tests set a delay)
        "hub.report.delay=3650d",
        // the retention job runs when a test asks for it (POST /api/admin/retention), not when the test's clock passes 03:30
        "hub.retention.schedule=-",
        "hub.sites.small.product=training",
        "hub.sites.small.class-type=small-class",
        "hub.sites.small.page-key=small-pages",
        "hub.sites.lecture.product=training",
        "hub.sites.lecture.class-type=lecture",
        "hub.sites.lecture.page-key=" + HubTest.LECTURE_PAGES
})
@Import(TestClockConfiguration.class)
public @interface HubTest {
    String TOKEN = "test-token-0123456789";
    /** The page keys of the sites demo and lecture: roll-call, class-end and co-browse URLs use them. */
    String DEMO_PAGES = "demo-pages";
    String LECTURE_PAGES = "lecture-pages";
}
