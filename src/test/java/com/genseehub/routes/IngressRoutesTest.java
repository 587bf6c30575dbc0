package com.genseehub.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.genseehub.auth.JoinAuth;
import com.genseehub.callback.CallbackEvent;
import com.genseehub.callback.CallbackKind;
import com.genseehub.callback.CallbackParser;
import com.genseehub.callback.CallbackRequest;
import com.genseehub.callback.RejectedCallbackException;
import com.genseehub.cobrowse.CoBrowse;
import com.genseehub.cobrowse.CoBrowseLink;
import com.genseehub.endpage.ClassEnd;
import com.genseehub.ingress.HttpRequestCapture;
import com.genseehub.journal.Journal;
import com.genseehub.journal.JournalUnavailableException;
import com.genseehub.qa.QaParser;
import com.genseehub.quarantine.Quarantine;
import com.genseehub.rollcall.RollCall;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.invocation.Invocation;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.TransactionSystemException;

/**
 * routes/ingress.yaml, routes/pages.yaml and routes/errors.yaml alone: a plain Camel context (no
 * Spring Boot, no HTTP listener, no database) with the hub's beans replaced by recording fakes, each
 * HTTP route's listener replaced by a direct endpoint. Each test sends one request and checks which
 * beans it reached, in order, and what the caller would get (status, headers, body). An integrator
 * who mis-wires one of these files gets a precise failure in seconds.
 */
class IngressRoutesTest {

    private static final Instant NOW = Instant.parse("2026-03-02T08:00:00Z");

    private DefaultCamelContext camel;
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final Map<Object, String> names = new IdentityHashMap<>();
    private final Map<String, Object> fakes = new java.util.HashMap<>();
    private CallbackRequest request;

    @BeforeEach
    void loadTheRouteFilesAlone() throws Exception {
        camel = new DefaultCamelContext();
        camel.getPropertiesComponent().addPropertiesSource(HubSettings.camelProperties(HubSettings.load()));
        for (String file : List.of("errors.yaml", "ingress.yaml", "pages.yaml")) {
            PluginHelper.getRoutesLoader(camel).loadRoutes(
                    PluginHelper.getResourceLoader(camel).resolveResource("file:routes/" + file));
        }
        HubBeans hubBeans = HubBeans.scan();
        for (String name : beanRefs()) {
            Class<?> type = hubBeans.type(name);
            assertThat(type).as("a route refers to bean '%s', which the hub does not have", name).isNotNull();
            Object fake = mock(type, withSettings().invocationListeners(report -> record((Invocation) report.getInvocation())));
            names.put(fake, name);
            fakes.put(name, fake);
            camel.getRegistry().bind(name, fake);
        }
        // every HTTP route listens on a direct endpoint of the same name instead
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
        for (RouteDefinition route : List.copyOf(model.getRouteDefinitions())) {
            if (route.getInput().getEndpointUri().startsWith("platform-http:")) {
                AdviceWith.adviceWith(camel, route.getRouteId(), advice -> advice.replaceFromWith("direct:http-" + route.getRouteId()));
            }
        }
        request = CallbackRequest.get("demo", "/gensee/demo/live", "ClassNo=2001&Operator=1&Action=101", "203.0.113.9", NOW);
        // the capture runs only on requests from a platform-http listener (see below): here the request is sent as the body
        when(fake(HttpRequestCapture.class, "httpRequestCapture").capture(any())).thenAnswer(invocation -> request);
        camel.start();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    // ---- the callbacks: request -> parser -> journal -> "ok"

    @Test
    void aLiveCallbackIsParsedJournaledAndAcknowledged() {
        CallbackEvent event = event(CallbackKind.LIVE);
        when(fake(CallbackParser.class, "callbackParser").live(request)).thenReturn(event);
        when(fake(Journal.class, "journal").append(event)).thenReturn(event);

        Message reply = send("live-callback");

        assertThat(calls).containsExactly("callbackParser.live(request)", "journal.append(event)");
        assertOk(reply);
    }

    @Test
    void aVodCallbackIsParsedAsVodAndJournaled() {
        CallbackEvent event = event(CallbackKind.VOD);
        when(fake(CallbackParser.class, "callbackParser").vod(request)).thenReturn(event);
        when(fake(Journal.class, "journal").append(event)).thenReturn(event);

        assertOk(send("vod-callback"));
        assertThat(calls).containsExactly("callbackParser.vod(request)", "journal.append(event)");
    }

    @Test
    void qaPushesAreParsedByTheirParserAndJournaledTogether() {
        List<CallbackEvent> events = List.of(event(CallbackKind.QA), event(CallbackKind.QA));
        when(fake(QaParser.class, "qaParser").client(request)).thenReturn(events);
        when(fake(QaParser.class, "qaParser").web(request)).thenReturn(events);
        when(fake(Journal.class, "journal").appendAll(events)).thenReturn(events);

        assertOk(send("qa-client-push"));
        assertThat(calls).containsExactly("qaParser.client(request)", "journal.appendAll(events)");
        calls.clear();
        assertOk(send("qa-web-push"));
        assertThat(calls).containsExactly("qaParser.web(request)", "journal.appendAll(events)");
    }

    // ---- what a caller gets when the callback cannot be taken (routes/errors.yaml)

    @Test
    void badInputIsQuarantinedAndAnswered400WithItsReasonAndNotJournaled() {
        RejectedCallbackException rejected = RejectedCallbackException.badRequest(request, "Action 108 is not a live callback code");
        when(fake(CallbackParser.class, "callbackParser").live(request)).thenThrow(rejected);

        Message reply = send("live-callback");

        assertThat(calls).containsExactly("callbackParser.live(request)", "quarantine.keep(rejection)");
        assertThat(reply.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class)).isEqualTo(400);
        assertThat(reply.getBody(String.class)).isEqualTo("Action 108 is not a live callback code");
        assertThat(reply.getHeader("Content-Type", String.class)).isEqualTo("text/plain; charset=utf-8");
    }

    @Test
    void aJournalThatCannotStoreTheCallbackIsAnswered503AndNothingIsQuarantined() {
        CallbackEvent event = event(CallbackKind.LIVE);
        when(fake(CallbackParser.class, "callbackParser").live(request)).thenReturn(event);
        when(fake(Journal.class, "journal").append(event))
                .thenThrow(new DataAccessResourceFailureException("database down"))
                .thenThrow(new JournalUnavailableException("disk nearly full"))
                // what a connection lost in the middle of a commit looks like (Camel looks at the deepest cause first)
                .thenThrow(new TransactionSystemException("JDBC rollback failed", new SQLException("I/O error", "08006")));

        // the journal's own refusal (the disk guard) is answered with its reason
        for (String body : List.of("journal unavailable: callback not stored, retry later", "disk nearly full",
                "journal unavailable: callback not stored, retry later")) {
            Message reply = send("live-callback");
            assertThat(reply.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class)).isEqualTo(503);
            assertThat(reply.getBody(String.class)).isEqualTo(body);
        }
        assertThat(calls).doesNotContain("quarantine.keep(rejection)").noneMatch(call -> call.startsWith("quarantine."));
    }

    @Test
    void aFaultOfTheHubIsAnswered500AndTheRequestKeptForAReplay() {
        when(fake(CallbackParser.class, "callbackParser").live(request)).thenThrow(new IllegalStateException("a bug"));

        Message reply = send("live-callback");

        assertThat(reply.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class)).isEqualTo(500);
        assertThat(reply.getBody(String.class)).doesNotContain("a bug").startsWith("internal error");
        assertThat(calls).contains("quarantine.keepFailed(request, failure)");
    }

    // ---- the pages (routes/pages.yaml)

    @Test
    void aRollCallVisitIsJournaledThenItsPageShownWithThePageHeaders() {
        CallbackEvent visit = event(CallbackKind.ROLLCALL);
        when(fake(RollCall.class, "rollCall").visit(request)).thenReturn(visit);
        when(fake(Journal.class, "journal").append(visit)).thenReturn(visit);
        when(fake(RollCall.class, "rollCall").page(visit)).thenReturn("<html>签到成功</html>");

        Message reply = send("rollcall-page");

        assertThat(calls).containsExactly("rollCall.visit(request)", "journal.append(event)",
                "rollCall.page(event)");
        assertHtmlPage(reply, "<html>签到成功</html>");
    }

    @Test
    void theClassEndPageRedirectsToTheConfiguredSurveyOrThanks() {
        CallbackEvent visit = event(CallbackKind.END);
        ClassEnd classEnd = fake(ClassEnd.class, "classEnd");
        when(classEnd.visit(request)).thenReturn(visit);
        when(fake(Journal.class, "journal").append(visit)).thenReturn(visit);
        when(classEnd.surveyLocation(visit)).thenReturn("https://survey.example/after?userid=1", (String) null);
        when(classEnd.thankYouPage(visit)).thenReturn("<html>感谢</html>");

        Message redirect = send("end-page");
        assertThat(redirect.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class)).isEqualTo(302);
        assertThat(redirect.getHeader("Location", String.class)).isEqualTo("https://survey.example/after?userid=1");
        assertThat(calls).containsExactly("classEnd.visit(request)", "journal.append(event)",
                "classEnd.surveyLocation(event)");

        calls.clear();
        assertHtmlPage(send("end-page"), "<html>感谢</html>");
        assertThat(calls).endsWith("classEnd.surveyLocation(event)", "classEnd.thankYouPage(event)");
    }

    @Test
    void coBrowseLinksAreShapedByTheJqExpressionIntoUtf8Json() throws Exception {
        when(fake(CoBrowse.class, "coBrowse").linksFor(request))
                .thenReturn(List.of(new CoBrowseLink("课后测验", "https://school.example/quiz")));

        Message reply = send("cobrowse-links");

        assertThat(calls).containsExactly("coBrowse.linksFor(request)");
        assertThat(reply.getHeader("Content-Type", String.class)).isEqualTo("application/json; charset=utf-8");
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(reply.getBody(String.class)))
                .isEqualTo(new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                        "[{\"name\":\"课后测验\",\"url\":\"https://school.example/quiz\"}]"));
    }

    @Test
    void joinAuthenticationAnswersWhatTheCheckSays() {
        when(fake(JoinAuth.class, "joinAuth").check(request)).thenReturn("pass");

        Message reply = send("join-auth");

        assertThat(calls).containsExactly("joinAuth.check(request)");
        assertThat(reply.getBody(String.class)).isEqualTo("pass");
        assertThat(reply.getHeader("Content-Type", String.class)).isEqualTo("text/plain; charset=utf-8");
    }

    @Test
    void everyHttpRouteTakesTheRequestTheGateLetInAsItsBody() {
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
        var configuration = model.getRouteConfigurationDefinitions().stream()
                .filter(config -> "callback-http".equals(config.getId())).findFirst().orElseThrow();
        assertThat(configuration.getInterceptFroms()).singleElement().satisfies(intercept -> {
            assertThat(intercept.getUri()).isEqualTo("platform-http:*");
            // the HTTP headers go first (nothing reads them), then the admitted request becomes the body
            assertThat(intercept.getOutputs()).map(Object::toString)
                    .containsExactly("RemoveHeaders[*]", "SetBody[bean[ref:httpRequestCapture method:capture]]");
        });
        List<String> httpRoutes = new ArrayList<>();
        for (RouteDefinition route : model.getRouteDefinitions()) {
            if (route.getInput().getEndpointUri().startsWith("direct:http-")) {
                httpRoutes.add(route.getRouteId());
                assertThat(route.getRouteConfigurationId()).as(route.getRouteId()).isEqualTo("callback-http");
            }
        }
        assertThat(httpRoutes).containsExactlyInAnyOrder("live-callback", "vod-callback", "qa-client-push", "qa-web-push",
                "rollcall-page", "end-page", "cobrowse-links", "join-auth");
    }

    // ---- helpers

    private Message send(String routeId) {
        calls.clear();
        Exchange exchange = camel.createProducerTemplate().send("direct:http-" + routeId, ex -> {
            ex.getMessage().setBody(request);
            // what the HTTP listener would leave as headers: none of them may reach the reply
            ex.getMessage().setHeader("X-From-The-Caller", "1");
        });
        assertThat(exchange.getException()).as("the route failed").isNull();
        return exchange.getMessage();
    }

    private static void assertOk(Message reply) {
        assertThat(reply.getBody(String.class)).isEqualTo("ok");
        assertThat(reply.getHeaders()).containsOnlyKeys("Content-Type");
        assertThat(reply.getHeader("Content-Type", String.class)).isEqualTo("text/plain; charset=utf-8");
    }

    private static void assertHtmlPage(Message reply, String html) {
        assertThat(reply.getBody(String.class)).isEqualTo(html);
        assertThat(reply.getHeader("Content-Type", String.class)).isEqualTo("text/html; charset=utf-8");
        assertThat(reply.getHeader("Content-Security-Policy", String.class)).isEqualTo("default-src 'none'; style-src 'unsafe-inline'");
        assertThat(reply.getHeader("X-Content-Type-Options", String.class)).isEqualTo("nosniff");
        assertThat(reply.getHeaders()).doesNotContainKey("X-From-The-Caller");
    }

    private CallbackEvent event(CallbackKind kind) {
        return new CallbackEvent(7L, NOW, "demo", kind, "2001", kind == CallbackKind.LIVE ? 101 : null, 1L, 2, Map.of());
    }

    @SuppressWarnings("unchecked")
    private <T> T fake(Class<T> type, String name) {
        return (T) fakes.get(name);
    }

    /** The beans the route files refer to. */
    private Set<String> beanRefs() {
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
        Set<String> refs = new TreeSet<>();
        for (RouteDefinition route : model.getRouteDefinitions()) {
            ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(), BeanDefinition.class)
                    .forEach(bean -> refs.add(bean.getRef()));
        }
        // steps of the route configurations (errors.yaml) and method-call expressions
        refs.addAll(List.of("httpRequestCapture", "quarantine", "classEnd"));
        return refs;
    }

    /** "journal.append(event)": the objects of this test show by their role, the capture by its name only. */
    private void record(Invocation invocation) {
        if (invocation.getMethod().getDeclaringClass() == Object.class) {
            return;
        }
        String name = names.get(invocation.getMock()) + "." + invocation.getMethod().getName();
        if (invocation.getMock() == fakes.get("httpRequestCapture")) {
            calls.add(name);
            return;
        }
        String arguments = Arrays.stream(invocation.getArguments()).map(this::role).collect(Collectors.joining(", "));
        calls.add(name + "(" + arguments + ")");
    }

    private String role(Object argument) {
        if (argument == request) {
            return "request";
        }
        if (argument instanceof CallbackEvent) {
            return "event";
        }
        if (argument instanceof List<?>) {
            return "events";
        }
        if (argument instanceof RejectedCallbackException) {
            return "rejection";
        }
        if (argument instanceof Exception) {
            return "failure";
        }
        return String.valueOf(argument);
    }
}
