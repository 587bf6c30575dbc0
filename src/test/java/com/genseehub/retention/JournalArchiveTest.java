package com.genseehub.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.genseehub.callback.CallbackEvent;
import com.genseehub.callback.CallbackKind;
import com.genseehub.journal.JournalArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalArchiveTest {

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @TempDir
    Path folder;

    @Test
    void eventsGoIntoOneCompressedFilePerUtcDayInSequenceOrder() throws IOException {
        JournalArchive archive = archive();
        assertThat(archive.write(List.of(event(3, "2026-01-01T23:59:59Z"), event(1, "2026-01-01T08:00:00Z"),
                event(4, "2026-01-02T00:00:01Z")))).isEqualTo(3);

        assertThat(archive.files()).extracting(file -> file.getFileName().toString())
                .containsExactly("journal-2026-01-01.jsonl.gz", "journal-2026-01-02.jsonl.gz");
        List<JsonNode> first = lines(archive.file(LocalDate.parse("2026-01-01")));
        assertThat(first).extracting(line -> line.get("seq").asLong()).containsExactly(1L, 3L);
        // the event shape of GET /api/events
        assertThat(first.get(0).get("receivedAt").asText()).isEqualTo("2026-01-01T08:00:00Z");
        assertThat(first.get(0).get("kind").asText()).isEqualTo("live");
        assertThat(first.get(0).get("params").get("ClassNo").asText()).isEqualTo("A1");
    }

    @Test
    void aDayWrittenAgainIsMergedBySequenceNumberWithoutDuplicates() throws IOException {
        JournalArchive archive = archive();
        archive.write(List.of(event(1, "2026-01-01T08:00:00Z"), event(5, "2026-01-01T09:00:00Z")));
        // a second run, or one after a crash between writing the file and deleting the rows
        assertThat(archive.write(List.of(event(5, "2026-01-01T09:00:00Z"), event(3, "2026-01-01T08:30:00Z"),
                event(7, "2026-01-01T10:00:00Z")))).isEqualTo(2);
        assertThat(archive.write(List.of(event(1, "2026-01-01T08:00:00Z")))).isZero();

        assertThat(lines(archive.file(LocalDate.parse("2026-01-01")))).extracting(line -> line.get("seq").asLong())
                .containsExactly(1L, 3L, 5L, 7L);
        assertThat(Files.list(folder).map(file -> file.getFileName().toString()))
                .as("no file left half written").containsExactly("journal-2026-01-01.jsonl.gz");
    }

    @Test
    void aReplayGivesEveryEventOnceInSequenceOrderAcrossMidnight() {
        JournalArchive archive = archive();
        // seq 11 was received a moment before seq 10 but on the next day
        archive.write(List.of(event(8, "2026-01-01T22:00:00Z"), event(9, "2026-01-01T23:00:00Z"),
                event(11, "2026-01-01T23:59:59.999Z")));
        archive.write(List.of(event(10, "2026-01-02T00:00:00.001Z"), event(12, "2026-01-02T03:00:00Z")));
        archive.write(List.of(event(13, "2026-01-05T03:00:00Z")));

        List<List<Long>> chunks = new ArrayList<>();
        long replayed = archive.replay(2, chunk -> chunks.add(chunk.stream().map(CallbackEvent::seq).toList()));

        assertThat(replayed).isEqualTo(6);
        assertThat(chunks).containsExactly(List.of(8L, 9L), List.of(10L, 11L), List.of(12L, 13L));
        assertThat(archive().replay(10, chunk -> {
        })).isEqualTo(6);
    }

    @Test
    void anArchiveThatWasNeverWrittenReplaysNothing() {
        JournalArchive archive = new JournalArchive(folder.resolve("none"), this::line, json);
        assertThat(archive.files()).isEmpty();
        assertThat(archive.replay(10, chunk -> {
            throw new AssertionError("nothing to replay");
        })).isZero();
    }

    private JournalArchive archive() {
        return new JournalArchive(folder, this::line, json);
    }

    private String line(CallbackEvent event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<JsonNode> lines(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            List<JsonNode> lines = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                lines.add(json.readTree(line));
            }
            return lines;
        }
    }

    private static CallbackEvent event(long seq, String receivedAt) {
        return new CallbackEvent(seq, Instant.parse(receivedAt), "demo", CallbackKind.LIVE, "A1", 101, 1000L + seq, 3,
                Map.of("ClassNo", "A1", "Action", "101", "Operator", String.valueOf(1000 + seq)));
    }
}
