package com.genseehub.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeapAdviceTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void anUncappedHeapGetsTheReadmesCommand() {
        assertThat(HeapAdvice.advice(6144 * MIB)).hasValueSatisfying(advice -> assertThat(advice)
                .contains("6144 MiB").contains("java -Xmx224m -XX:+UseG1GC -jar"));
    }

    @Test
    void aCappedHeapGetsNoAdvice() {
        assertThat(HeapAdvice.advice(224 * MIB)).isEmpty();
        assertThat(HeapAdvice.advice(HeapAdvice.GENEROUS_HEAP_BYTES)).isEmpty();
    }
}
