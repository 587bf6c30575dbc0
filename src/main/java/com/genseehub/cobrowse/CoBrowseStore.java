package com.genseehub.cobrowse;

import java.util.List;

import com.genseehub.system.DurableWrite;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/** Co-browse links per (site, room); room {@value #DEFAULT_ROOM} holds the site's fallback list. */
@Repository
public class CoBrowseStore {

    public static final String DEFAULT_ROOM = "_default";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    public CoBrowseStore(JdbcClient jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** The room's links in their order; empty when the room has none. */
    public List<CoBrowseLink> links(String site, String roomId) {
        return jdbc.sql("select name, url from cobrowse_link where site = ? and room_id = ? order by position")
                .params(site, roomId)
                .query((rs, row) -> new CoBrowseLink(rs.getString("name"), rs.getString("url")))
                .list();
    }

    /** Replaces the room's list in one transaction. */
    @DurableWrite
    public void replace(String site, String roomId, List<CoBrowseLink> links) {
        transactions.executeWithoutResult(status -> {
            deleteRoom(site, roomId);
            for (int i = 0; i < links.size(); i++) {
                jdbc.sql("insert into cobrowse_link (site, room_id, position, name, url) values (?, ?, ?, ?, ?)")
                        .params(site, roomId, i, links.get(i).name(), links.get(i).url())
                        .update();
            }
        });
    }

    /** @return whether the room had links */
    @DurableWrite
    public boolean delete(String site, String roomId) {
        return deleteRoom(site, roomId);
    }

    private boolean deleteRoom(String site, String roomId) {
        return jdbc.sql("delete from cobrowse_link where site = ? and room_id = ?").params(site, roomId).update() > 0;
    }
}
