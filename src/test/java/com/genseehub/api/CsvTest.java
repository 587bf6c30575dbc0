package com.genseehub.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    void quotesWhatNeedsQuotingAndNeutralisesFormulas() {
        String csv = Csv.of(List.of("a", "b", "c", "d"),
                List.of(List.of("=HYPERLINK(\"x\")", "say, \"hi\"", -5, "@sum")));
        assertThat(csv).isEqualTo("a,b,c,d\r\n\"'=HYPERLINK(\"\"x\"\")\",\"say, \"\"hi\"\"\",-5,'@sum\r\n");
    }
}
