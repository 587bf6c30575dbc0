package com.genseehub.disk;

import java.io.IOException;

/** How many bytes can still be written under the hub's data folder. */
public interface FreeSpace {

    long usableBytes() throws IOException;
}
