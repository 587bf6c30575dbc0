package com.genseehub.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Threads for work that follows the reply to Gensee (applying facts, sending to sinks). On Linux
 * they run at a lower scheduling priority (nice {@value #NICENESS}): when the CPU is saturated, a
 * storm of callbacks is answered first and the facts catch up afterwards from the journal, instead
 * of both slowing down together. Java has no API for this, so the thread renices itself.
 */
public final class BackgroundThreads {

    private static final Logger log = LoggerFactory.getLogger(BackgroundThreads.class);
    static final int NICENESS = 10;
    private static volatile boolean unsupported;

    private BackgroundThreads() {
    }

    /** A factory of named threads that lower their own priority when they start. */
    public static ThreadFactory named(String name) {
        return task -> new Thread(() -> {
            lowerPriorityOfCurrentThread();
            task.run();
        }, name);
    }

    /** Lowers the calling thread's priority (Linux only; elsewhere, and on failure, does nothing). */
    static void lowerPriorityOfCurrentThread() {
        if (unsupported) {
            return;
        }
        try {
            Path self = Path.of("/proc/thread-self");
            if (!Files.exists(self)) {
                unsupported = true;
                return;
            }
            // "/proc/<pid>/task/<tid>"
            String tid = Files.readSymbolicLink(self).getFileName().toString();
            Process renice = new ProcessBuilder("renice", "-n", String.valueOf(NICENESS), "-p", tid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!renice.waitFor(5, TimeUnit.SECONDS) || renice.exitValue() != 0) {
                renice.destroy();
                unsupported = true;
                log.info("Background threads keep normal priority (renice failed)");
            }
        } catch (IOException e) {
            unsupported = true;
            log.info("Background threads keep normal priority: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
