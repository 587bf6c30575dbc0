package com.genseehub.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.genseehub.callback.CallbackEvent;
import com.genseehub.callback.CallbackKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalSpoolTest {

    @TempDir
    Path directory;

    private static CallbackEvent event(long seq) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("ClassNo", "C" + seq);
        params.put("Action", "101");
        params.put("username", "学生 <b>" + seq + "</b>");
        return new CallbackEvent(seq, Instant.parse("2026-11-28T10:00:00.123456789Z").plusSeconds(seq), "demo",
                CallbackKind.LIVE, "C" + seq, 101, 1000L + seq, 7, params);
    }

    @Test
    void everyFieldComesBackAsWritten() {
        CallbackEvent full = event(1);
        CallbackEvent sparse = new CallbackEvent(2L, Instant.parse("2026-11-28T10:00:00Z"), "demo", CallbackKind.END,
                null, null, null, null, Map.of());
        try (JournalSpool spool = new JournalSpool(directory, false)) {
            spool.append(List.of(full, sparse));
        }
        assertThat(new JournalSpool(directory, false).readAll()).containsExactly(full, sparse);
    }

    @Test
    void aWriteCutShortByACrashIsDroppedAndTheFileRepaired() throws IOException {
        try (JournalSpool spool = new JournalSpool(directory, false)) {
            spool.append(List.of(event(1), event(2)));
            spool.append(List.of(event(3)));
        }
        Path file = onlyFile();
        long intact = Files.size(file) - JournalSpool.encode(event(3)).length - 8;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(Files.size(file) - 5);
        }

        assertThat(new JournalSpool(directory, false).readAll()).containsExactly(event(1), event(2));
        assertThat(Files.size(file)).isEqualTo(intact);
    }

    @Test
    void aDamagedRecordEndsTheFile() throws IOException {
        try (JournalSpool spool = new JournalSpool(directory, false)) {
            spool.append(List.of(event(1), event(2), event(3)));
        }
        Path file = onlyFile();
        byte[] bytes = Files.readAllBytes(file);
        int secondRecordPayload = 8 + JournalSpool.encode(event(1)).length + 8;
        bytes[secondRecordPayload + 20] ^= 0x55;
        Files.write(file, bytes);

        assertThat(new JournalSpool(directory, false).readAll()).containsExactly(event(1));
    }

    @Test
    void rollingClosesTheFileAndOnlyClosedFilesAreDeleted() throws IOException {
        try (JournalSpool spool = new JournalSpool(directory, false)) {
            spool.append(List.of(event(1), event(2)));
            List<Path> closed = spool.roll();
            spool.append(List.of(event(3)));
            assertThat(closed).hasSize(1);
            assertThat(fileNames()).containsExactly("journal-00000000000000000001.spool",
                    "journal-00000000000000000003.spool");

            spool.delete(closed);
            assertThat(fileNames()).containsExactly("journal-00000000000000000003.spool");
        }
        assertThat(new JournalSpool(directory, false).readAll()).containsExactly(event(3));
    }

    @Test
    void aWriteTheDiskRefusesFailsLoudlyAndTheNextOneStartsAfresh() throws IOException {
        // the spool file the next append opens is, for now, a device that is always full
        Path full = directory.resolve("journal-00000000000000000001.spool");
        Files.createSymbolicLink(full, Path.of("/dev/full"));
        try (JournalSpool spool = new JournalSpool(directory, false)) {
            assertThatThrownBy(() -> spool.append(List.of(event(1))))
                    .isInstanceOf(UncheckedIOException.class).hasMessageContaining("cannot write the journal spool");

            Files.delete(full);
            spool.append(List.of(event(2)));
        }
        assertThat(new JournalSpool(directory, false).readAll()).containsExactly(event(2));
    }

    private Path onlyFile() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> all = files.toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }

    private List<String> fileNames() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }
}
