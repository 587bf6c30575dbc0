package com.genseehub.ingress;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.genseehub.callback.Sites;
import com.genseehub.quarantine.QuarantineProperties;
import com.genseehub.quarantine.QuarantineWriter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The listener Gensee calls ({@code hub.ingress.port}, 8080): a Vert.x HTTP server whose routes are
 * the Camel {@code platform-http} routes of routes/*.yaml, behind {@link CallbackGate}. The API, the
 * dashboard and actuator are on Spring MVC's own port ({@code server.port}); neither answers the
 * other's paths.
 *
 * <p>The port opens only once Camel's routes run, so no callback is ever answered 404 because the hub
 * is starting. On stop it first stops taking requests (503), lets the ones in flight finish (up to
 * {@code hub.ingress.shutdown-grace}), then closes, before Camel stops its routes.
 */
@Component
public class IngressServer implements CamelContextConfiguration {

    private static final Logger log = LoggerFactory.getLogger(IngressServer.class);

    private final IngressProperties settings;
    private final Vertx vertx;
    private final Router router;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean accepting = true;
    private volatile HttpServer server;

    public IngressServer(IngressProperties settings, Sites sites, QuarantineWriter quarantine,
                         QuarantineProperties quarantineSettings, MeterRegistry meters, Clock clock) {
        this.settings = settings;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(Math.max(2, Runtime.getRuntime().availableProcessors())));
        this.router = Router.router(vertx);
        CallbackGate gate = new CallbackGate(sites, settings, quarantine,
                Math.toIntExact(quarantineSettings.sampleBytes().toBytes()), meters, clock);
        router.route().handler(ctx -> {
            if (!accepting) {
                CallbackGate.answer(ctx, 503, "the hub is stopping, retry later", true);
                return;
            }
            inFlight.incrementAndGet();
            ctx.addEndHandler(done -> inFlight.decrementAndGet());
            gate.handle(ctx);
        });
        router.errorHandler(404, ctx -> CallbackGate.answer(ctx, 404, "not found", false));
        router.errorHandler(405, ctx -> CallbackGate.answer(ctx, 405, "method not allowed", false));
        router.errorHandler(500, ctx -> {
            log.error("Ingress failure on {} {}", ctx.request().method(), ctx.request().path(), ctx.failure());
            CallbackGate.answer(ctx, 500, "internal error", true);
        });
    }

    /** Before Camel starts: its platform-http routes attach to this server's router. */
    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        VertxPlatformHttpRouter camelRouter = new VertxPlatformHttpRouter(null, vertx, router,
                VertxPlatformHttpRouter.PLATFORM_HTTP_ROUTER_NAME_ZERO) {
            @Override
            public Handler<RoutingContext> bodyHandler() {
                // the gate has read the body already, within hub.ingress.max-body-bytes
                return RoutingContext::next;
            }
        };
        camelContext.getRegistry().bind(VertxPlatformHttpRouter.PLATFORM_HTTP_ROUTER_NAME_ZERO, camelRouter);
        camelContext.getRegistry().bind(VertxPlatformHttpRouter.getRouterNameFromPort(settings.port()), camelRouter);
    }

    /** Once the routes run: open the port. */
    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        HttpServerOptions options = new HttpServerOptions()
                .setHost(settings.address())
                .setPort(settings.port())
                .setMaxInitialLineLength(Math.toIntExact(settings.maxRequestLine().toBytes()))
                .setMaxHeaderSize(Math.toIntExact(settings.maxHeaderBytes().toBytes()))
                .setHandle100ContinueAutomatically(false)
                // Gensee's senders speak HTTP/1.x; the gate's connection handling is written for it
                .setHttp2ClearTextEnabled(false)
                .setIdleTimeout(60)
                .setIdleTimeoutUnit(TimeUnit.SECONDS);
        this.server = vertx.createHttpServer(options).requestHandler(router)
                .listen().toCompletionStage().toCompletableFuture().join();
        log.info("Ingress (what Gensee calls, /gensee/...) listening on {}:{}", settings.address(), server.actualPort());
    }

    /** The port the ingress listens on (the one chosen when hub.ingress.port is 0). */
    public int port() {
        return server == null ? -1 : server.actualPort();
    }

    /** Requests being handled now. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Stop taking requests, let those in flight finish, close; before anything else stops. */
    @EventListener(ContextClosedEvent.class)
    public void stop() throws InterruptedException {
        if (server == null) {
            return;
        }
        accepting = false;
        long deadline = System.nanoTime() + settings.shutdownGrace().toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        if (inFlight.get() > 0) {
            log.warn("Ingress closing with {} requests still in flight after {}", inFlight.get(), settings.shutdownGrace());
        }
        CompletableFuture<Void> closed = server.close().toCompletionStage().toCompletableFuture();
        closed.join();
        server = null;
        vertx.close().toCompletionStage().toCompletableFuture().join();
        log.info("Ingress closed");
    }
}
