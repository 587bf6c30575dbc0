package com.genseehub.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** Work after the reply runs at a lower OS priority than the threads answering Gensee (Linux). */
class BackgroundThreadsTest {

    @Test
    void backgroundThreadsRunNicerThanTheCaller() throws Exception {
        CompletableFuture<Integer> niceness = new CompletableFuture<>();
        Thread thread = BackgroundThreads.named("test-background").newThread(() -> niceness.complete(ownNiceness()));
        thread.start();

        assertThat(thread.getName()).isEqualTo("test-background");
        assertThat(niceness.get(10, TimeUnit.SECONDS)).isEqualTo(ownNiceness() + BackgroundThreads.NICENESS);
    }

    /** Field 19 of /proc/thread-self/stat (after the parenthesised command name, which may hold spaces). */
    private static int ownNiceness() {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(fields[16]);
        } catch (Exception e) {
            throw new AssertionError("cannot read this thread's niceness (the hub's target is Linux)", e);
        }
    }
}
