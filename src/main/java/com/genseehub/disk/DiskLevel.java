package com.genseehub.disk;

/** How much room is left under the data folder, against {@code hub.disk.min-free}. */
public enum DiskLevel {
    /** At least twice min-free: everything as usual. */
    OK,
    /** Below twice min-free: the quarantine keeps no bodies. */
    LOW,
    /** Below min-free: callbacks get 503, nothing more is journaled. */
    FULL;

    static DiskLevel of(long freeBytes, long minFree) {
        if (freeBytes < minFree) {
            return FULL;
        }
        return freeBytes < 2 * minFree ? LOW : OK;
    }

    /** The value of the hub_disk_state gauge. */
    public int gauge() {
        return ordinal();
    }
}
