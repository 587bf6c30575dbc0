package com.genseehub.journal;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.genseehub.callback.CallbackEvent;

/**
 * The journal's archive: events deleted from the database, as gzip-compressed JSON lines (the shape of
 * {@code GET /api/events}), one file per UTC day of their receive time: {@code journal-yyyy-MM-dd.jsonl.gz}.
 * Each file holds its events in sequence order, each once: writing events into a day that has a file
 * already merges them by sequence number. A file is replaced whole (written beside it, forced to the
 * device, renamed over it), so a reader sees the old or the new file, never a part.
 */
public class JournalArchive {

    private static final Pattern FILE = Pattern.compile("journal-\\d{4}-\\d{2}-\\d{2}\\.jsonl\\.gz");

    private final Path directory;
    private final Function<CallbackEvent, String> toLine;
    private final ObjectMapper json;

    /**
     * @param toLine an event as one JSON line (without the line break), the shape of {@code GET /api/events}
     */
    public JournalArchive(Path directory, Function<CallbackEvent, String> toLine, ObjectMapper json) {
        this.directory = directory.toAbsolutePath().normalize();
        this.toLine = toLine;
        this.json = json;
    }

    public Path directory() {
        return directory;
    }

    /** Writes the events into their days' files, durably; returns how many lines were new. */
    public int write(List<CallbackEvent> events) {
        Map<LocalDate, List<CallbackEvent>> byDay = events.stream()
                .collect(Collectors.groupingBy(JournalArchive::day, TreeMap::new, Collectors.toList()));
        int added = 0;
        for (Map.Entry<LocalDate, List<CallbackEvent>> day : byDay.entrySet()) {
            added += merge(day.getKey(), day.getValue());
        }
        return added;
    }

    /** The archive's files, oldest day first. */
    public List<Path> files() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> listing = Files.list(directory)) {
            return listing.filter(file -> FILE.matcher(file.getFileName().toString()).matches()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("journal archive " + directory + " cannot be listed", e);
        }
    }

    /** The file of one UTC day (it may not exist). */
    public Path file(LocalDate day) {
        return directory.resolve("journal-" + day + ".jsonl.gz");
    }

    /**
     * Every archived event in sequence order, in chunks of at most {@code chunkSize}. Holds one or two
     * days' events at a time: an event received just before midnight may have a higher sequence number
     * than one received just after it, so a day's events are let go only up to the lowest sequence
     * number of the next day's file.
     */
    public long replay(int chunkSize, Consumer<List<CallbackEvent>> chunks) {
        NavigableMap<Long, CallbackEvent> waiting = new TreeMap<>();
        List<CallbackEvent> chunk = new ArrayList<>(chunkSize);
        long replayed = 0;
        for (Path file : files()) {
            NavigableMap<Long, String> lines = read(file);
            if (lines.isEmpty()) {
                continue;
            }
            long lowestOfDay = lines.firstKey();
            NavigableMap<Long, CallbackEvent> ready = waiting.headMap(lowestOfDay, false);
            replayed += emit(ready.values(), chunk, chunkSize, chunks);
            ready.clear();
            lines.forEach((seq, line) -> waiting.putIfAbsent(seq, event(line, file)));
        }
        replayed += emit(waiting.values(), chunk, chunkSize, chunks);
        if (!chunk.isEmpty()) {
            chunks.accept(List.copyOf(chunk));
        }
        return replayed;
    }

    private static int emit(Iterable<CallbackEvent> events, List<CallbackEvent> chunk, int chunkSize,
                            Consumer<List<CallbackEvent>> chunks) {
        int emitted = 0;
        for (CallbackEvent event : events) {
            chunk.add(event);
            emitted++;
            if (chunk.size() == chunkSize) {
                chunks.accept(List.copyOf(chunk));
                chunk.clear();
            }
        }
        return emitted;
    }

    private int merge(LocalDate day, List<CallbackEvent> events) {
        Path file = file(day);
        NavigableMap<Long, String> lines = Files.exists(file) ? read(file) : new TreeMap<>();
        int before = lines.size();
        for (CallbackEvent event : events) {
            lines.putIfAbsent(event.seq(), toLine.apply(event));
        }
        if (lines.size() == before) {
            return 0;
        }
        replace(file, lines.values());
        return lines.size() - before;
    }

    private void replace(Path file, Iterable<String> lines) {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        try {
            Files.createDirectories(directory);
            try (FileChannel channel = FileChannel.open(next, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = Channels.newOutputStream(channel);
                GZIPOutputStream gzip = new GZIPOutputStream(out, 64 * 1024);
                BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(gzip, StandardCharsets.UTF_8));
                for (String line : lines) {
                    writer.write(line);
                    writer.write('\n');
                }
                writer.flush();
                gzip.finish();
                channel.force(true);
            }
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            forceDirectory();
        } catch (IOException e) {
            throw new UncheckedIOException("journal archive file " + file + " cannot be written", e);
        }
    }

    /** The rename survives a power cut only once the directory is on the device too (where the system allows it). */
    private void forceDirectory() {
        try (FileChannel folder = FileChannel.open(directory, StandardOpenOption.READ)) {
            folder.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every system can open a directory for this (Windows); the file itself is on the device
        }
    }

    /** A file's lines by sequence number. */
    private NavigableMap<Long, String> read(Path file) {
        NavigableMap<Long, String> lines = new TreeMap<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file), 64 * 1024), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    lines.putIfAbsent(json.readTree(line).path("seq").asLong(), line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("journal archive file " + file + " cannot be read", e);
        }
        return lines;
    }

    private CallbackEvent event(String line, Path file) {
        try {
            return json.readValue(line, CallbackEvent.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("journal archive file " + file + " holds a line that is no event: "
                    + e.getOriginalMessage(), e);
        }
    }

    private static LocalDate day(CallbackEvent event) {
        return LocalDate.ofInstant(event.receivedAt(), ZoneOffset.UTC);
    }
}
