package com.genseehub.journal;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchedWritesTest {

    private final List<String> written = new ArrayList<>();

    @Test
    void aKeyChangedManyTimesInABatchIsWrittenOnceWithItsLastValueAtTheEnd() {
        int result = BatchedWrites.within(() -> {
            BatchedWrites batch = BatchedWrites.open().orElseThrow();
            batch.defer("W1", "W1 has 1 online", written::add);
            batch.defer("W2", "W2 has 5 online", written::add);
            batch.defer("W1", "W1 has 2 online", written::add);
            assertThat(written).as("nothing is written before the batch ends").isEmpty();
            assertThat(batch.deferred("W1", String.class)).contains("W1 has 2 online");
            assertThat(batch.deferred("W3", String.class)).isEmpty();
            return 3;
        });
        assertThat(result).isEqualTo(3);
        assertThat(written).containsExactly("W1 has 2 online", "W2 has 5 online");
    }

    @Test
    void noBatchIsOpenOutsideOneNorAfterIt() {
        assertThat(BatchedWrites.open()).isEmpty();
        BatchedWrites.within(() -> 0);
        assertThat(BatchedWrites.open()).isEmpty();
    }

    @Test
    void aBatchThatFailsWritesNothingAndClosesItself() {
        assertThatThrownBy(() -> BatchedWrites.within(() -> {
            BatchedWrites.open().orElseThrow().defer("W1", "W1 has 1 online", written::add);
            throw new IllegalStateException("event 2 cannot be applied");
        })).hasMessage("event 2 cannot be applied");
        assertThat(written).isEmpty();
        assertThat(BatchedWrites.open()).isEmpty();
    }
}
