package com.genseehub.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class GroupCommitTest {

    @Test
    void callersArrivingDuringAWriteShareTheNextOne() throws Exception {
        List<List<Integer>> transactions = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch firstWriteStarted = new CountDownLatch(1);
        CountDownLatch othersQueued = new CountDownLatch(1);
        GroupCommit<Integer, String> commit = new GroupCommit<>(items -> {
            transactions.add(items);
            if (items.contains(0)) {
                firstWriteStarted.countDown();
                awaitLatch(othersQueued);
            }
            return items.stream().map(i -> "stored " + i).toList();
        }, 100);

        ExecutorService callers = Executors.newFixedThreadPool(6);
        Future<String> first = callers.submit(() -> commit.write(0));
        firstWriteStarted.await(5, TimeUnit.SECONDS);
        List<Future<String>> others = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            int item = i;
            others.add(callers.submit(() -> commit.write(item)));
        }
        // the five wait behind the running write
        await().until(() -> commit.queued() == 5);
        othersQueued.countDown();

        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("stored 0");
        for (int i = 0; i < 5; i++) {
            assertThat(others.get(i).get(5, TimeUnit.SECONDS)).isEqualTo("stored " + (i + 1));
        }
        callers.shutdown();
        // two writes in all: the first alone, the five that queued meanwhile together
        assertThat(transactions).hasSize(2);
        assertThat(transactions.get(0)).containsExactly(0);
        assertThat(transactions.get(1)).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
    }

    @Test
    void aBadItemFailsAloneAndTheOthersAreStillWritten() {
        List<List<Integer>> transactions = new ArrayList<>();
        GroupCommit<Integer, Integer> commit = new GroupCommit<>(items -> {
            transactions.add(items);
            if (items.contains(13)) {
                throw new IllegalStateException("13 is refused");
            }
            return items;
        }, 100);
        assertThat(commit.write(1)).isEqualTo(1);
        assertThatThrownBy(() -> commit.write(13)).hasMessage("13 is refused");
        assertThat(transactions).containsExactly(List.of(1), List.of(13));
    }

    @Test
    void aFailedSharedWriteIsRetriedItemByItem() throws Exception {
        List<List<Integer>> transactions = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch blocking = new CountDownLatch(1);
        GroupCommit<Integer, Integer> commit = new GroupCommit<>(items -> {
            transactions.add(items);
            if (items.equals(List.of(0))) {
                awaitLatch(blocking);
            }
            if (items.size() > 1 && items.contains(13)) {
                throw new IllegalStateException("the batch fails because of 13");
            }
            if (items.equals(List.of(13))) {
                throw new IllegalStateException("13 alone");
            }
            return items;
        }, 100);
        ExecutorService callers = Executors.newFixedThreadPool(4);
        Future<Integer> first = callers.submit(() -> commit.write(0));
        await().until(() -> transactions.contains(List.of(0)));
        Future<Integer> good = callers.submit(() -> commit.write(7));
        Future<Integer> bad = callers.submit(() -> commit.write(13));
        await().until(() -> commit.queued() == 2);
        blocking.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS)).isZero();
        assertThat(good.get(5, TimeUnit.SECONDS)).isEqualTo(7);
        assertThatThrownBy(() -> bad.get(5, TimeUnit.SECONDS)).hasRootCauseMessage("13 alone");
        callers.shutdown();
        // 7 and 13 were written together, that failed, then each alone: 7 stored, 13 failed on its own
        assertThat(transactions).hasSize(4);
        assertThat(transactions.get(1)).containsExactlyInAnyOrder(7, 13);
        assertThat(transactions.subList(2, 4)).containsExactlyInAnyOrder(List.of(7), List.of(13));
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
