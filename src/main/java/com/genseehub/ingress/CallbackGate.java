package com.genseehub.ingress;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.genseehub.callback.CallbackRequest;
import com.genseehub.callback.QueryString;
import com.genseehub.callback.RateLimiter;
import com.genseehub.callback.RejectedCallbackException;
import com.genseehub.callback.Sites;
import com.genseehub.quarantine.QuarantineWriter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.impl.RoutingContextInternal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one door every request to the ingress listener passes, before any route and before its body is
 * read. From the normalised path and the caller's address alone it decides: a known key of the right
 * kind (site key for server callbacks, page key for browser pages), an address the site allows, within
 * the site's rate limit. Only then is the body read, and no more of it than
 * {@code hub.ingress.max-body-bytes}. What passes goes on to the Camel routes as a
 * {@link CallbackRequest} with the bytes as received.
 *
 * <p>Refusals cost little: a refused address is counted, and beyond {@code hub.ingress.refusals} it
 * gets 429 with nothing stored; otherwise the quarantine gets the request, with only a sample of the
 * body for an unknown site, written off the request path. Runs on a Vert.x event loop: nothing here
 * blocks.
 */
final class CallbackGate implements Handler<RoutingContext> {

    private static final Logger log = LoggerFactory.getLogger(CallbackGate.class);
    /** Where the admitted request waits for {@link HttpRequestCapture}. */
    static final String REQUEST = CallbackRequest.class.getName();
    private static final String UNKNOWN_SITE = "unknown site";

    private final Sites sites;
    private final IngressProperties settings;
    private final QuarantineWriter quarantine;
    private final CallerAddress callerAddress;
    private final RateLimiter callbackLimiter;
    private final RateLimiter refusalLimiter;
    private final Set<String> pagePaths;
    private final MeterRegistry meters;
    private final Clock clock;
    private final int maxBody;
    private final int sampleBytes;

    CallbackGate(Sites sites, IngressProperties settings, QuarantineWriter quarantine, int sampleBytes,
                 MeterRegistry meters, Clock clock) {
        this.sites = sites;
        this.settings = settings;
        this.quarantine = quarantine;
        this.callerAddress = new CallerAddress(settings.trustedProxies());
        this.callbackLimiter = new RateLimiter(clock);
        this.refusalLimiter = new RateLimiter(clock);
        this.pagePaths = Set.copyOf(settings.pagePaths());
        this.meters = meters;
        this.clock = clock;
        this.maxBody = settings.maxBody();
        this.sampleBytes = Math.min(sampleBytes, maxBody);
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        Instant receivedAt = clock.instant();
        String address = callerAddress.of(request.remoteAddress() == null ? null : request.remoteAddress().hostAddress(),
                request.getHeader("X-Forwarded-For"));
        Optional<CallbackPath> path = CallbackPath.of(ctx.normalizedPath());
        if (path.isEmpty()) {
            refuse(ctx, null, address, receivedAt, 404, "not found", "no such path", false);
            return;
        }
        boolean page = pagePaths.contains(path.get().endpoint());
        Optional<String> site = sites.siteKeyFor(path.get().key(), page);
        if (site.isEmpty()) {
            refuse(ctx, path.get().key(), address, receivedAt, 404, UNKNOWN_SITE,
                    "no site has the " + (page ? "page" : "site") + " key " + printable(path.get().key()), true);
            return;
        }
        if (!sites.addressAllowed(site.get(), address)) {
            refuse(ctx, site.get(), address, receivedAt, 404, UNKNOWN_SITE,
                    "address " + address + " is not in the allowed-addresses of site " + site.get(), true);
            return;
        }
        if (!callbackLimiter.tryAcquire(site.get() + "|" + address, sites.rateLimit(site.get()))) {
            meters.counter("hub.callbacks.rate.limited", "site", site.get()).increment();
            answer(ctx, 429, "too many requests", !bodyDone(request));
            return;
        }
        readBody(ctx, maxBody, body -> {
            CallbackRequest admitted = callbackRequest(request, site.get(), body.getBytes(), address, receivedAt);
            if (!QueryString.wellEncoded(request.query())) {
                // the routes could not even read it
                String reason = "malformed percent-encoding in query string";
                quarantine.keep(new RejectedCallbackException(admitted, 400, reason));
                answer(ctx, 400, reason, false);
                return;
            }
            ctx.put(REQUEST, admitted);
            // read here, so the routes' body handler is a pass-through (IngressServer); Camel takes the body from here
            ((RoutingContextInternal) ctx).setBody(body);
            ctx.next();
        }, firstBytes -> {
            String reason = "body is larger than " + maxBody + " bytes";
            quarantine.keep(new RejectedCallbackException(
                    callbackRequest(request, site.get(), firstBytes.getBytes(), address, receivedAt), 413, reason));
            answer(ctx, 413, reason, true);
        });
    }

    /**
     * Refuses before the body is read: a caller over its refusal limit gets 429 and nothing is kept;
     * otherwise the request is quarantined (with a sample of its body where no site is known).
     */
    private void refuse(RoutingContext ctx, String site, String address, Instant receivedAt, int status, String reason,
                        String detail, boolean keep) {
        HttpServerRequest request = ctx.request();
        if (!refusalLimiter.tryAcquire(address, settings.refusals())) {
            meters.counter("hub.ingress.refusals.limited").increment();
            answer(ctx, 429, "too many refused requests", !bodyDone(request));
            return;
        }
        if (!keep) {
            answer(ctx, status, reason, !bodyDone(request));
            return;
        }
        // a sample only, and only what is on its way: a refused caller is never asked to continue
        boolean waitsToContinue = request.headers().contains(HttpHeaders.EXPECT);
        if (waitsToContinue || bodyDone(request)) {
            quarantine.keepSample(new RejectedCallbackException(
                    callbackRequest(request, site, new byte[0], address, receivedAt), status, reason, detail));
            answer(ctx, status, reason, !bodyDone(request));
            return;
        }
        Handler<Buffer> sampled = sample -> {
            quarantine.keepSample(new RejectedCallbackException(
                    callbackRequest(request, site, sample.getBytes(), address, receivedAt), status, reason, detail));
            answer(ctx, status, reason, !request.isEnded());
        };
        readBody(ctx, sampleBytes, sampled, sampled);
    }

    /**
     * Reads the body, up to {@code limit} bytes: {@code whole} gets it when it ended within the limit,
     * {@code tooLarge} the first {@code limit} bytes when it did not (the rest is never read).
     */
    private void readBody(RoutingContext ctx, int limit, Handler<Buffer> whole, Handler<Buffer> tooLarge) {
        HttpServerRequest request = ctx.request();
        if (bodyDone(request)) {
            whole.handle(Buffer.buffer(0));
            return;
        }
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        Buffer body = Buffer.buffer(Math.min(limit, declared == null ? 1024 : clamp(declared, limit)));
        boolean[] finished = {false};
        request.handler(chunk -> {
            if (finished[0]) {
                return;
            }
            if (body.length() + chunk.length() > limit) {
                finished[0] = true;
                body.appendBuffer(chunk, 0, limit - body.length());
                request.pause();
                tooLarge.handle(body);
            } else {
                body.appendBuffer(chunk);
            }
        });
        request.endHandler(end -> {
            if (!finished[0]) {
                finished[0] = true;
                whole.handle(body);
            }
        });
        request.exceptionHandler(failure -> {
            if (!finished[0]) {
                finished[0] = true;
                log.debug("Request body not received: {}", failure.toString());
                ctx.response().reset();
            }
        });
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))
                && request.version() != HttpVersion.HTTP_1_0) {
            ctx.response().writeContinue();
        }
        request.resume();
    }

    /** True when no body is (still) to come: none announced, or all of it received. */
    private static boolean bodyDone(HttpServerRequest request) {
        if (request.isEnded()) {
            return true;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        boolean chunked = request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
        return !chunked && (length == null || "0".equals(length.trim()));
    }

    private static int clamp(String contentLength, int limit) {
        try {
            return (int) Math.max(0, Math.min(limit, Long.parseLong(contentLength.trim())));
        } catch (NumberFormatException e) {
            return 1024;
        }
    }

    private static CallbackRequest callbackRequest(HttpServerRequest request, String site, byte[] body, String address,
                                                   Instant receivedAt) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : new String[] {"Content-Type", "Content-Length", "Transfer-Encoding"}) {
            String value = request.getHeader(name);
            if (value != null) {
                headers.put(name.toLowerCase(), value);
            }
        }
        return new CallbackRequest(site, request.method().name(), request.path(), request.query(), headers, body,
                address, receivedAt);
    }

    /**
     * Answers with a one-line reason. {@code bodyPending}: the body was not (all) read; the connection
     * is not used again, but what the sender is still sending is taken and dropped for a moment
     * (up to {@link #DRAIN_BYTES}, {@link #DRAIN_MILLIS}) before it is closed, so that the sender
     * reads the answer instead of a reset connection.
     */
    static void answer(RoutingContext ctx, int status, String reason, boolean bodyPending) {
        HttpServerResponse response = ctx.response();
        if (response.ended()) {
            return;
        }
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8");
        if (bodyPending) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        Future<Void> written = response.end(reason);
        if (bodyPending) {
            drainThenClose(ctx, written);
        }
    }

    static final long DRAIN_BYTES = 1024 * 1024;
    static final long DRAIN_MILLIS = 1000;

    private static void drainThenClose(RoutingContext ctx, Future<Void> written) {
        HttpServerRequest request = ctx.request();
        Runnable close = () -> written.onComplete(done -> request.connection().close());
        long[] dropped = {0};
        long timer = ctx.vertx().setTimer(DRAIN_MILLIS, id -> close.run());
        request.handler(chunk -> {
            dropped[0] += chunk.length();
            if (dropped[0] > DRAIN_BYTES) {
                ctx.vertx().cancelTimer(timer);
                close.run();
            }
        });
        request.endHandler(end -> {
            ctx.vertx().cancelTimer(timer);
            close.run();
        });
        request.exceptionHandler(failure -> ctx.vertx().cancelTimer(timer));
        request.resume();
    }

    private static String printable(String key) {
        String cleaned = key.replaceAll("[^A-Za-z0-9_.\\-]", "?");
        return cleaned.length() > 40 ? cleaned.substring(0, 40) + "..." : cleaned;
    }
}
