package com.genseehub.cobrowse;

import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/cobrowse/{site}/{roomid}} (and {@code /_default}): read, replace and delete a room's links. */
@RestController
@RequestMapping("/api/cobrowse/{site}/{roomId}")
public class CoBrowseController {

    private final CoBrowse coBrowse;
    private final CoBrowseStore store;

    public CoBrowseController(CoBrowse coBrowse, CoBrowseStore store) {
        this.coBrowse = coBrowse;
        this.store = store;
    }

    /** The room's own links (no fallback: that is what Gensee gets, see GET /gensee/{site}/cobrowse). */
    @GetMapping
    public List<CoBrowseLink> get(@PathVariable String site, @PathVariable String roomId) {
        coBrowse.checkEditable(site, roomId, null);
        return store.links(site, roomId);
    }

    @PutMapping
    public List<CoBrowseLink> put(@PathVariable String site, @PathVariable String roomId,
                                  @RequestBody List<CoBrowseLink> links) {
        coBrowse.checkEditable(site, roomId, links);
        store.replace(site, roomId, links);
        return store.links(site, roomId);
    }

    @DeleteMapping
    public ResponseEntity<Void> delete(@PathVariable String site, @PathVariable String roomId) {
        coBrowse.checkEditable(site, roomId, null);
        return store.delete(site, roomId) ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
    }
}
