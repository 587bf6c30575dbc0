package com.genseehub.disk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The usable space of the file system that holds the folder (or, before it exists, its nearest
 * existing parent), as the operating system reports it.
 */
public class FileStoreFreeSpace implements FreeSpace {

    private final Path folder;

    public FileStoreFreeSpace(Path folder) {
        this.folder = folder;
    }

    @Override
    public long usableBytes() throws IOException {
        Path existing = folder;
        while (!Files.exists(existing) && existing.getParent() != null) {
            existing = existing.getParent();
        }
        return Files.getFileStore(existing).getUsableSpace();
    }

    @Override
    public String toString() {
        return folder.toString();
    }
}
