package com.genseehub.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import org.junit.jupiter.api.Test;

class GenseeTimesTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final GenseeTimes shanghai = new GenseeTimes("yyyy-MM-dd HH:mm:ss", ZoneId.of("Asia/Shanghai"));

    @Test
    void epochMillisecondsAsNumberOrDigits() {
        assertThat(shanghai.parse(NODES.numberNode(1772438400000L), "join")).isEqualTo(Instant.parse("2026-03-02T08:00:00Z"));
        assertThat(shanghai.parse(NODES.textNode("1772438400123"), "join")).isEqualTo(Instant.parse("2026-03-02T08:00:00.123Z"));
    }

    @Test
    void textIsLocalTimeOfTheSitesZone() {
        assertThat(shanghai.parse(NODES.textNode("2026-03-02 16:00:00"), "join")).isEqualTo(Instant.parse("2026-03-02T08:00:00Z"));
        GenseeTimes berlin = new GenseeTimes("yyyy-MM-dd HH:mm:ss", ZoneId.of("Europe/Berlin"));
        assertThat(berlin.parse(NODES.textNode("2026-03-02 16:00:00"), "join")).isEqualTo(Instant.parse("2026-03-02T15:00:00Z"));
        assertThat(shanghai.format(Instant.parse("2026-03-02T08:00:00Z"))).isEqualTo("2026-03-02 16:00:00");
    }

    @Test
    void missingIsNullAndGarbageIsAClearError() {
        assertThat(shanghai.parse(null, "leave")).isNull();
        assertThat(shanghai.parse(NullNode.getInstance(), "leave")).isNull();
        assertThat(shanghai.parse(NODES.textNode(""), "leave")).isNull();
        assertThatThrownBy(() -> shanghai.parse(NODES.textNode("02/03/2026 16:00"), "leaveTime"))
                .hasMessage("leaveTime '02/03/2026 16:00' is neither epoch milliseconds nor yyyy-MM-dd HH:mm:ss");
    }
}
