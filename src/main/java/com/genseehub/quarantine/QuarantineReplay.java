package com.genseehub.quarantine;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import com.genseehub.callback.CallbackEvent;
import com.genseehub.callback.CallbackRequest;
import com.genseehub.callback.RejectedCallbackException;
import com.genseehub.callback.Sites;
import com.genseehub.ingress.CallbackPath;
import com.genseehub.ingress.IngressProperties;
import io.vertx.core.http.impl.HttpUtils;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends a quarantined request through the ingress as it is now (after the integrator added the site,
 * allowed the address, or a fault was fixed): the gate's checks of site and address, then the
 * endpoint's journaling route ({@code direct:journal-<endpoint>}, routes/ingress.yaml and pages.yaml).
 * The events keep the time the request was first received. A row is replayed into the journal once.
 */
@Component
public class QuarantineReplay {

    private final Quarantine quarantine;
    private final Sites sites;
    private final IngressProperties ingress;
    private final CamelContext camel;
    private final ProducerTemplate producer;
    private final Clock clock;

    public QuarantineReplay(Quarantine quarantine, Sites sites, IngressProperties ingress, CamelContext camel,
                            ProducerTemplate producer, Clock clock) {
        this.quarantine = quarantine;
        this.sites = sites;
        this.ingress = ingress;
        this.camel = camel;
        this.producer = producer;
        this.clock = clock;
    }

    /**
     * What a replay came to: 200 with the journal sequence numbers of its events, or the refusal.
     */
    public record Outcome(long id, int status, List<Long> seq, String reason) {
        static Outcome refused(long id, int status, String reason) {
            return new Outcome(id, status, List.of(), reason);
        }
    }

    /** Replays one row; empty when there is no such row. */
    public Optional<Outcome> replay(long id) {
        Optional<CallbackRequest> request = quarantine.request(id);
        if (request.isEmpty()) {
            return Optional.empty();
        }
        if (!quarantine.claimForReplay(id, clock.instant())) {
            return Optional.of(Outcome.refused(id, 409, "already replayed"));
        }
        Outcome outcome;
        try {
            outcome = send(id, request.get());
        } catch (RuntimeException e) {
            outcome = Outcome.refused(id, 500, "internal error: " + e);
        }
        quarantine.recordReplay(id, outcome.status(), outcome.status() == 200 ? "seq " + outcome.seq() : outcome.reason());
        return Optional.of(outcome);
    }

    /** Replays every row not replayed yet of a site and with a reason containing the text (null: any). */
    public List<Outcome> replayAll(String site, String reasonContains, int limit) {
        return quarantine.notReplayed(site, reasonContains, limit).stream()
                .map(this::replay).flatMap(Optional::stream).toList();
    }

    private Outcome send(long id, CallbackRequest request) {
        Optional<CallbackPath> path = CallbackPath.of(HttpUtils.normalizePath(request.path()));
        if (path.isEmpty()) {
            return Outcome.refused(id, 404, "not found");
        }
        boolean page = ingress.pagePaths().contains(path.get().endpoint());
        Optional<String> site = sites.siteKeyFor(path.get().key(), page);
        if (site.isEmpty() || !sites.addressAllowed(site.get(), request.remoteAddress())) {
            return Outcome.refused(id, 404, "unknown site");
        }
        String route = path.get().journalRoute();
        if (camel.hasEndpoint(route) == null) {
            return Outcome.refused(id, 409, "not a callback that is journaled (" + path.get().endpoint() + ")");
        }
        CallbackRequest asReceived = new CallbackRequest(site.get(), request.method(), request.path(), request.query(),
                request.headers(), request.body(), request.remoteAddress(), request.receivedAt());
        try {
            Object journaled = producer.requestBody(route, asReceived);
            return new Outcome(id, 200, seqs(journaled), null);
        } catch (CamelExecutionException e) {
            if (e.getCause() instanceof RejectedCallbackException rejected) {
                return Outcome.refused(id, rejected.status(), rejected.getMessage());
            }
            throw e;
        }
    }

    private static List<Long> seqs(Object journaled) {
        if (journaled instanceof CallbackEvent event) {
            return List.of(event.seq());
        }
        if (journaled instanceof List<?> events) {
            return events.stream().map(event -> ((CallbackEvent) event).seq()).toList();
        }
        return List.of();
    }
}
