package com.genseehub.system;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Says so at start-up when the JVM was started without a heap cap: it then sizes the heap from the
 * machine's memory and lets it grow under load (about 1 GiB resident on a 24 GiB machine), while the
 * hub needs 224 MiB. The README's command sets the cap.
 */
@Component
public class HeapAdvice {

    private static final Logger log = LoggerFactory.getLogger(HeapAdvice.class);
    static final long GENEROUS_HEAP_BYTES = 1024L * 1024 * 1024;

    @EventListener(ApplicationReadyEvent.class)
    public void adviseOnStart() {
        advice(Runtime.getRuntime().maxMemory()).ifPresent(log::info);
    }

    static Optional<String> advice(long maxHeapBytes) {
        if (maxHeapBytes <= GENEROUS_HEAP_BYTES) {
            return Optional.empty();
        }
        return Optional.of(("The JVM may grow its heap to %d MiB; the hub needs 224 MiB. To stay under 512 MiB "
                + "resident, start it as the README does: java -Xmx224m -XX:+UseG1GC -jar gensee-hub.jar")
                .formatted(maxHeapBytes / (1024 * 1024)));
    }
}
