package com.genseehub.cobrowse;

/** One entry of the teacher's co-browse drop-down: what it is called and where it goes. */
public record CoBrowseLink(String name, String url) {
}
