package com.genseehub.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.genseehub.callback.CallbackEvent;
import com.genseehub.callback.CallbackKind;
import com.genseehub.journal.JournalDispatcher;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.invocation.DescribedInvocation;
import org.mockito.invocation.Invocation;

/**
 * routes/dispatch.yaml alone: a plain Camel context (no Spring Boot, no HTTP, no database) loads only
 * that file, every bean it refers to is replaced by a recording fake of the hub's real class (so a
 * method the route names must exist with that signature), and each kind and Action code is sent the
 * way the journal dispatcher sends it. Each row of {@link #routing()} says exactly which handler
 * methods and sink enqueues an event reaches; anything missing or extra fails with the difference.
 * Adding a kind, an Action branch or a sink to dispatch.yaml = adding or changing a row here.
 */
class DispatchRoutesTest {

    /** Every event goes to these sinks, before any branch (the top of dispatch.yaml). */
    private static final List<String> EVERY_EVENT = List.of("outbox.enqueue(event, 'kafka')", "outbox.enqueue(event, 'archive')",
            "outbox.enqueue(event, 'lms-db')");

    static Stream<Row> routing() {
        return Stream.of(
                row("live", 101, "classLifecycle.observeUsers(event)", "attendance.join(event)"),
                row("live", 107, "classLifecycle.observeUsers(event)", "attendance.leave(event)"),
                row("live", 110, "classLifecycle.observeUsers(event)", "attendance.abnormalLeave(event)",
                        "outbox.enqueue(event, 'mail-alert')"),
                row("live", 102, "classLifecycle.observeUsers(event)", "classLifecycle.apply(event)", "liveTime.apply(event)",
                        "classSummaries.onLifecycle(event)"),
                row("live", 103, "classLifecycle.observeUsers(event)", "classLifecycle.apply(event)", "liveTime.apply(event)",
                        "classSummaries.onLifecycle(event)"),
                row("live", 104, "classLifecycle.observeUsers(event)", "classLifecycle.apply(event)", "liveTime.apply(event)",
                        "classSummaries.onLifecycle(event)"),
                row("live", 105, "classLifecycle.observeUsers(event)", "classLifecycle.apply(event)", "liveTime.apply(event)",
                        "classSummaries.onLifecycle(event)", "reconcileJobs.classStopped(event)"),
                row("live", 106, "classLifecycle.observeUsers(event)", "classLifecycle.apply(event)", "liveTime.apply(event)",
                        "classSummaries.onLifecycle(event)"),
                // a code the ingress would refuse still only counts users
                row("live", 999, "classLifecycle.observeUsers(event)"),
                row("vod", 111, "vodViewing.start(event)"),
                row("vod", 112, "vodViewing.end(event)"),
                row("qa", 0, "qaStore.upsert(event)", "userNames.fromQa(event)", "outbox.enqueue(event, 'crm')"),
                row("rollcall", 0, "rollCallStore.checkIn(event)"),
                // class-end page visits: the user's name
                row("end", 0, "userNames.fromEndPage(event)"),
                // Gensee's own record (reconciliation): a class's attendance, or a day of VOD views
                row("export", 0, Map.of("record", "class"), "reconciliation.applyClassRecord(event)", "userNames.fromExport(event)"),
                row("export", 0, Map.of("record", "vod"), "reconciliation.applyVodRecord(event)", "userNames.fromExport(event)"));
    }

    record Row(String kind, int action, Map<String, String> params, List<String> calls) {
        @Override
        public String toString() {
            return kind + (action == 0 ? "" : " " + action) + (params.isEmpty() ? "" : " " + params);
        }
    }

    private static Row row(String kind, int action, String... calls) {
        return row(kind, action, Map.of(), calls);
    }

    private static Row row(String kind, int action, Map<String, String> params, String... calls) {
        List<String> all = new ArrayList<>(EVERY_EVENT);
        all.addAll(Arrays.asList(calls));
        Map<String, String> eventParams = new HashMap<>(Map.of("ClassNo", "2001"));
        eventParams.putAll(params);
        return new Row(kind, action, eventParams, all);
    }

    private static DefaultCamelContext camel;
    private static final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private static CallbackEvent sent;

    @BeforeAll
    static void loadDispatchYamlAlone() throws Exception {
        camel = new DefaultCamelContext();
        camel.getPropertiesComponent().addPropertiesSource(HubSettings.camelProperties(HubSettings.load()));
        PluginHelper.getRoutesLoader(camel).loadRoutes(
                PluginHelper.getResourceLoader(camel).resolveResource("file:routes/dispatch.yaml"));
        HubBeans hubBeans = HubBeans.scan();
        Map<Object, String> names = new IdentityHashMap<>();
        for (String name : beanRefs()) {
            Class<?> type = hubBeans.type(name);
            assertThat(type).as("dispatch.yaml refers to bean '%s', which the hub does not have", name).isNotNull();
            Object fake = mock(type, withSettings().invocationListeners(report -> record(names, report.getInvocation())));
            names.put(fake, name);
            camel.getRegistry().bind(name, fake);
        }
        camel.start();
    }

    @AfterAll
    static void stop() {
        camel.stop();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routing")
    void eachKindAndActionReachesExactlyItsHandlersAndSinks(Row row) {
        calls.clear();
        sent = new CallbackEvent(1L, Instant.parse("2026-03-02T08:00:00Z"), "demo", CallbackKind.fromId(row.kind()),
                "2001", row.action() == 0 ? null : row.action(), 1000000101L, 2, row.params());
        Exchange result = camel.createProducerTemplate().send(JournalDispatcher.DISPATCH_ENDPOINT, exchange -> {
            exchange.getMessage().setBody(sent);
            exchange.getMessage().setHeaders(new HashMap<>(JournalDispatcher.dispatchHeaders(sent)));
        });

        assertThat(result.getException()).as("dispatch of %s failed", row).isNull();
        assertThat(calls).as("handlers and sinks reached by %s", row).containsExactlyInAnyOrderElementsOf(row.calls());
    }

    /** The beans dispatch.yaml refers to. */
    private static Set<String> beanRefs() {
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
        Set<String> refs = new TreeSet<>();
        for (RouteDefinition route : model.getRouteDefinitions()) {
            ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(), BeanDefinition.class)
                    .forEach(bean -> refs.add(bean.getRef()));
        }
        return refs;
    }

    /** "attendance.join(event)", "outbox.enqueue(event, 'kafka')": the event sent shows as "event". */
    private static void record(Map<Object, String> names, DescribedInvocation described) {
        Invocation invocation = (Invocation) described;
        if (invocation.getMethod().getDeclaringClass() == Object.class) {
            return;
        }
        String arguments = Arrays.stream(invocation.getArguments())
                .map(argument -> argument == sent ? "event" : argument instanceof String text ? "'" + text + "'" : String.valueOf(argument))
                .collect(Collectors.joining(", "));
        calls.add(names.get(invocation.getMock()) + "." + invocation.getMethod().getName() + "(" + arguments + ")");
    }
}
