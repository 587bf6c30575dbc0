package com.genseehub.disk;

import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.genseehub.system.BackgroundThreads;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.unit.DataSize;

/**
 * Watches the free space under the data folder ({@code hub.disk}), read every {@code check-interval}
 * by a timer, so that asking costs a callback nothing. Below twice {@code min-free} the quarantine keeps
 * no bodies; below {@code min-free} the journal takes no more callbacks (they get 503, so nothing is
 * acknowledged that a full disk could lose). Each change of level is logged once; the metrics
 * {@code hub_disk_free_bytes} and {@code hub_disk_state} (0 ok, 1 low, 2 full) and the health
 * component {@code disk} show it.
 */
public class DiskGuard implements MeterBinder {

    private static final Logger log = LoggerFactory.getLogger(DiskGuard.class);

    private final FreeSpace freeSpace;
    private final DiskProperties settings;
    private final ScheduledExecutorService timer;
    private volatile long freeBytes = Long.MAX_VALUE;
    private volatile DiskLevel level = DiskLevel.OK;
    private volatile boolean readFailing;

    public DiskGuard(FreeSpace freeSpace, DiskProperties settings) {
        this.freeSpace = freeSpace;
        this.settings = settings;
        check();
        timer = Executors.newSingleThreadScheduledExecutor(BackgroundThreads.named("disk-guard"));
        long interval = settings.checkInterval().toMillis();
        timer.scheduleWithFixedDelay(this::check, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** The gauges, registered by Spring Boot once the registry is configured. */
    @Override
    public void bindTo(MeterRegistry meters) {
        Gauge.builder("hub.disk.free", () -> freeBytes).baseUnit("bytes")
                .description("Usable bytes under the data folder (hub.disk.folder)").register(meters);
        Gauge.builder("hub.disk.state", () -> level.gauge())
                .description("0: at least twice hub.disk.min-free free; 1: less (quarantine keeps no bodies); "
                        + "2: less than min-free (callbacks get 503)").register(meters);
    }

    /** Reads the free space now and logs a change of level. */
    final void check() {
        long free;
        try {
            free = freeSpace.usableBytes();
        } catch (IOException | RuntimeException e) {
            if (!readFailing) {
                readFailing = true;
                log.warn("Free space under {} cannot be read, the last reading stands: {}", freeSpace, e.toString());
            }
            return;
        }
        readFailing = false;
        freeBytes = free;
        DiskLevel now = DiskLevel.of(free, minFreeBytes());
        DiskLevel before = level;
        level = now;
        if (now != before) {
            logChange(before, now, free);
        }
    }

    private void logChange(DiskLevel before, DiskLevel now, long free) {
        String figures = DataSize.ofBytes(free).toMegabytes() + " MB free under " + settings.folder()
                + ", hub.disk.min-free " + DataSize.ofBytes(minFreeBytes()).toMegabytes() + " MB";
        switch (now) {
            case FULL -> log.warn("Disk nearly full ({}): callbacks are answered 503 and not stored", figures);
            case LOW -> log.warn("Disk low ({}): the quarantine keeps refused requests without their bodies{}", figures,
                    before == DiskLevel.FULL ? "; callbacks are stored again" : "");
            case OK -> log.info("Disk space back ({}): callbacks and quarantine bodies are stored again", figures);
        }
    }

    public DiskLevel level() {
        return level;
    }

    public long freeBytes() {
        return freeBytes;
    }

    public long minFreeBytes() {
        return settings.minFree().toBytes();
    }

    /** False below min-free: nothing more may be journaled. */
    public boolean acceptsCallbacks() {
        return level != DiskLevel.FULL;
    }

    /** False below twice min-free: refused requests are kept without their bodies. */
    public boolean keepsBodies() {
        return level == DiskLevel.OK;
    }

    /** The one-line reason a callback is refused with while {@link #acceptsCallbacks()} is false. */
    public String refusal() {
        return "disk nearly full (" + DataSize.ofBytes(freeBytes).toMegabytes() + " MB free, hub.disk.min-free "
                + DataSize.ofBytes(minFreeBytes()).toMegabytes() + " MB): callback not stored, retry later";
    }

    public String folder() {
        return settings.folder().toString();
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
