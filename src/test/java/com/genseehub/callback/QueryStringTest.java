package com.genseehub.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QueryStringTest {

    @Test
    void decodesUtf8AndKeepsCase() {
        assertThat(QueryString.parse("ClassNo=abc&username=%E5%BC%A0%E4%B8%89&totalusernum=3&flag"))
                .containsEntry("ClassNo", "abc").containsEntry("username", "张三")
                .containsEntry("totalusernum", "3").containsEntry("flag", "");
    }

    @Test
    void emptyOrNullIsEmpty() {
        assertThat(QueryString.parse(null)).isEmpty();
        assertThat(QueryString.parse("")).isEmpty();
        assertThat(QueryString.parse("&&")).isEmpty();
    }

    @Test
    void refusesRepeatedNamesAndBrokenEncoding() {
        assertThatThrownBy(() -> QueryString.parse("a=1&a=2")).hasMessage("parameter a is given more than once");
        assertThatThrownBy(() -> QueryString.parse("a=%G1")).hasMessage("malformed percent-encoding in query string");
    }

    @Test
    void printableNeverEchoesMarkupOrControlCharacters() {
        assertThat(QueryString.printable("<script>\r\n")).isEqualTo("?script???");
    }
}
