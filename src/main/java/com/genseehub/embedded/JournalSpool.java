package com.genseehub.embedded;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import com.genseehub.callback.CallbackEvent;
import com.genseehub.callback.CallbackKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal's log on the embedded database: every accepted event is appended here, and the callback
 * answered, before the event reaches the database tables ({@link SpoolLoader} moves it there in
 * batches). An append is one write to a file, far cheaper than a database commit that is on disk.
 *
 * <p>A file holds frames of {@code [payload length][CRC-32C][payload]}; a frame cut short by a crash
 * (or damaged) ends the file: it and anything after it are dropped when the spool is read at start-up.
 * Files are named after their first sequence number; {@link #roll()} closes the current one so that it
 * can be deleted once the database has written everything in it to disk.
 *
 * <p>Appends and rolls happen under the journal writer's lock (which keeps the records in sequence
 * order); the methods are synchronized too, because the checkpoint thread deletes files meanwhile.
 */
final class JournalSpool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JournalSpool.class);
    private static final String SUFFIX = ".spool";
    private static final int MAX_FRAME = 64 * 1024 * 1024;
    private static final int HEADER = 8;

    private final Path directory;
    private final boolean fsync;
    private FileChannel current;
    private Path currentPath;

    JournalSpool(Path directory, boolean fsync) {
        this.directory = directory;
        this.fsync = fsync;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the journal spool directory " + directory, e);
        }
    }

    Path directory() {
        return directory;
    }

    /**
     * Every intact event in the spool, oldest first. A damaged or cut-short frame (the last write
     * before a crash) is cut off its file, with a warning.
     */
    synchronized List<CallbackEvent> readAll() {
        List<CallbackEvent> events = new ArrayList<>();
        for (Path file : files()) {
            long intactBytes = read(file, events);
            try {
                if (intactBytes < Files.size(file)) {
                    log.warn("Journal spool {}: dropping {} bytes after the last intact record (a write cut short by a crash)",
                            file, Files.size(file) - intactBytes);
                    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                        channel.truncate(intactBytes);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot repair journal spool file " + file, e);
            }
        }
        return events;
    }

    /** Appends the events (which carry their sequence numbers) in one write; on the device too with fsync. */
    synchronized void append(List<CallbackEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        ByteArrayOutputStream frames = new ByteArrayOutputStream(256 * events.size());
        for (CallbackEvent event : events) {
            writeFrame(frames, encode(event));
        }
        try {
            if (current == null) {
                currentPath = directory.resolve(fileName(events.get(0).seq()));
                current = FileChannel.open(currentPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND);
                if (fsync) {
                    forceDirectory();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the journal spool file " + currentPath, e);
        }
        long before = -1;
        try {
            before = current.size();
            ByteBuffer buffer = ByteBuffer.wrap(frames.toByteArray());
            while (buffer.hasRemaining()) {
                current.write(buffer);
            }
            if (fsync) {
                current.force(false);
            }
        } catch (IOException e) {
            abandonPartialWrite(before);
            throw new UncheckedIOException("cannot write the journal spool " + currentPath, e);
        }
    }

    /** A new file survives a power cut only once its name is on the device too (Linux: force the folder). */
    private void forceDirectory() {
        try (FileChannel folder = FileChannel.open(directory, StandardOpenOption.READ)) {
            folder.force(true);
        } catch (IOException e) {
            // not every system can open a folder (Windows): the file's own force is all there is
            log.debug("cannot force the journal spool folder {}: {}", directory, e.toString());
        }
    }

    static String fileName(long firstSeq) {
        return "journal-%020d%s".formatted(firstSeq, SUFFIX);
    }

    /**
     * A failed write (disk full, say) may leave part of a frame behind, and reading stops at the
     * first broken frame of a file: cut it off, and start a new file with the next append.
     */
    private void abandonPartialWrite(long sizeBefore) {
        try {
            if (sizeBefore >= 0) {
                current.truncate(sizeBefore);
            }
        } catch (IOException ignored) {
            // the file ends in a broken frame; the records before it are still read
        }
        try {
            current.close();
        } catch (IOException ignored) {
            // nothing more to save
        }
        current = null;
        currentPath = null;
    }

    /** Closes the file being written; returns every closed file (the next append starts a new one). */
    synchronized List<Path> roll() {
        closeCurrent();
        return files();
    }

    /** Deletes spool files whose events the database has written to disk. */
    synchronized void delete(List<Path> closedFiles) {
        for (Path file : closedFiles) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                log.warn("Cannot delete journal spool file {} (it will be read again at the next start): {}", file, e.toString());
            }
        }
    }

    @Override
    public synchronized void close() {
        closeCurrent();
    }

    private void closeCurrent() {
        if (current != null) {
            try {
                current.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close journal spool file " + currentPath, e);
            }
            current = null;
            currentPath = null;
        }
    }

    synchronized List<Path> files() {
        try (Stream<Path> listing = Files.list(directory)) {
            return listing.filter(file -> file.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the journal spool directory " + directory, e);
        }
    }

    /** Reads the file's intact frames into events; returns the length of its intact prefix. */
    private static long read(Path file, List<CallbackEvent> into) {
        long intact = 0;
        try (InputStream stream = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(stream))) {
            while (true) {
                int length;
                try {
                    length = in.readInt();
                } catch (EOFException end) {
                    return intact;
                }
                int checksum = in.readInt();
                if (length < 0 || length > MAX_FRAME) {
                    return intact;
                }
                byte[] payload = in.readNBytes(length);
                if (payload.length < length || checksum != crc(payload)) {
                    return intact;
                }
                into.add(decode(payload));
                intact += HEADER + length;
            }
        } catch (EOFException cutShort) {
            return intact;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read journal spool file " + file, e);
        }
    }

    /**
     * Reads the spool from a position on, while it is being written: the frames of events appended
     * so far, file after file. Used by one thread.
     */
    final class Tail implements AutoCloseable {
        private Path file;
        private FileChannel channel;
        private long offset;

        /** Up to {@code max} events with a sequence number up to {@code appendedUpTo}, oldest first. */
        List<CallbackEvent> next(int max, long appendedUpTo) throws IOException {
            List<CallbackEvent> events = new ArrayList<>();
            while (events.size() < max) {
                if (channel == null && !openNextFile()) {
                    return events;
                }
                CallbackEvent event = readFrame();
                if (event == null) {
                    // the end of what is written here; a newer file means this one was closed before it was begun
                    if (!newerFileExists()) {
                        return events;
                    }
                    // what the file got between the read above and its closing
                    event = readFrame();
                    if (event == null) {
                        closeChannel();
                        continue;
                    }
                }
                if (event.seq() > appendedUpTo) {
                    // written, but its append has not returned yet: it may still fail and be cut off
                    return events;
                }
                offset = nextOffset;
                events.add(event);
            }
            return events;
        }

        private long nextOffset;

        /** The frame at the current offset, or null when no whole, intact frame is there (yet). */
        private CallbackEvent readFrame() throws IOException {
            ByteBuffer header = ByteBuffer.allocate(HEADER);
            while (header.hasRemaining()) {
                if (channel.read(header, offset + header.position()) <= 0) {
                    return null;
                }
            }
            header.flip();
            int length = header.getInt();
            int checksum = header.getInt();
            if (length < 0 || length > MAX_FRAME) {
                return null;
            }
            ByteBuffer payload = ByteBuffer.allocate(length);
            while (payload.hasRemaining()) {
                if (channel.read(payload, offset + HEADER + payload.position()) <= 0) {
                    return null;
                }
            }
            byte[] bytes = payload.array();
            if (checksum != crc(bytes)) {
                return null;
            }
            nextOffset = offset + HEADER + length;
            return decode(bytes);
        }

        private boolean openNextFile() throws IOException {
            Path next = null;
            for (Path candidate : files()) {
                if (file == null || candidate.getFileName().toString().compareTo(file.getFileName().toString()) > 0) {
                    next = candidate;
                    break;
                }
            }
            if (next == null) {
                return false;
            }
            try {
                channel = FileChannel.open(next, StandardOpenOption.READ);
            } catch (java.nio.file.NoSuchFileException deleted) {
                return false;
            }
            file = next;
            offset = 0;
            return true;
        }

        private boolean newerFileExists() {
            return files().stream().anyMatch(candidate ->
                    candidate.getFileName().toString().compareTo(file.getFileName().toString()) > 0);
        }

        private void closeChannel() throws IOException {
            channel.close();
            channel = null;
        }

        @Override
        public void close() throws IOException {
            if (channel != null) {
                closeChannel();
            }
        }
    }

    private static void writeFrame(ByteArrayOutputStream out, byte[] payload) {
        ByteBuffer header = ByteBuffer.allocate(8).putInt(payload.length).putInt(crc(payload));
        out.writeBytes(header.array());
        out.writeBytes(payload);
    }

    private static int crc(byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        return (int) crc.getValue();
    }

    static byte[] encode(CallbackEvent event) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(event.seq());
            out.writeLong(event.receivedAt().getEpochSecond());
            out.writeInt(event.receivedAt().getNano());
            writeString(out, event.site());
            writeString(out, event.kind().id());
            writeString(out, event.classNo());
            writeNullableLong(out, event.action());
            writeNullableLong(out, event.operator());
            writeNullableLong(out, event.totalUsers());
            out.writeInt(event.params().size());
            for (Map.Entry<String, String> param : event.params().entrySet()) {
                writeString(out, param.getKey());
                writeString(out, param.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static CallbackEvent decode(byte[] payload) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
        long seq = in.readLong();
        Instant receivedAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
        String site = readString(in);
        CallbackKind kind = CallbackKind.fromId(readString(in));
        String classNo = readString(in);
        Long action = readNullableLong(in);
        Long operator = readNullableLong(in);
        Long totalUsers = readNullableLong(in);
        int count = in.readInt();
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            params.put(readString(in), readString(in));
        }
        return new CallbackEvent(seq, receivedAt, site, kind, classNo, action == null ? null : action.intValue(), operator,
                totalUsers == null ? null : totalUsers.intValue(), params);
    }

    private static void writeNullableLong(DataOutputStream out, Number value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeLong(value.longValue());
        }
    }

    private static Long readNullableLong(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readLong() : null;
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new EOFException();
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
