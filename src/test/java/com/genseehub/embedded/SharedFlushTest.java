package com.genseehub.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class SharedFlushTest {

    @Test
    void callsOneAfterAnotherEachGetTheirOwnFlush() {
        AtomicInteger flushes = new AtomicInteger();
        SharedFlush shared = new SharedFlush(flushes::incrementAndGet);

        shared.flush();
        shared.flush();
        shared.flush();

        assertThat(flushes).hasValue(3);
    }

    @Test
    void callsDuringAFlushShareTheNextOneAndReturnOnlyAfterIt() throws Exception {
        AtomicInteger started = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        CountDownLatch firstIsRunning = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        SharedFlush shared = new SharedFlush(() -> {
            if (started.incrementAndGet() == 1) {
                firstIsRunning.countDown();
                await(releaseFirst);
            }
            finished.incrementAndGet();
        });
        ExecutorService callers = Executors.newFixedThreadPool(11);
        Future<?> first = callers.submit(shared::flush);
        assertThat(firstIsRunning.await(10, TimeUnit.SECONDS)).isTrue();

        // these ask while the first flush is running: it may not cover what they wrote
        List<Future<Integer>> later = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            later.add(callers.submit(() -> {
                shared.flush();
                return finished.get();
            }));
        }
        org.awaitility.Awaitility.await().until(() -> shared.requests() == 11);
        releaseFirst.countDown();

        first.get(10, TimeUnit.SECONDS);
        for (Future<Integer> call : later) {
            assertThat(call.get(10, TimeUnit.SECONDS)).as("returned after a second flush").isEqualTo(2);
        }
        assertThat(started).as("ten callers, one shared flush").hasValue(2);
        callers.shutdown();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
