package com.genseehub.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CidrTest {

    @Test
    void matchesIpv4Ranges() {
        Cidr range = Cidr.parse("203.0.113.0/24");
        assertThat(range.contains("203.0.113.7")).isTrue();
        assertThat(range.contains("203.0.114.7")).isFalse();
        assertThat(Cidr.parse("10.1.2.3").contains("10.1.2.3")).isTrue();
        assertThat(Cidr.parse("10.1.2.3").contains("10.1.2.4")).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains("198.51.100.1")).isTrue();
    }

    @Test
    void matchesIpv6RangesAndNeverMixesFamilies() {
        Cidr range = Cidr.parse("2001:db8::/32");
        assertThat(range.contains("2001:db8:1::5")).isTrue();
        assertThat(range.contains("2001:db9::5")).isFalse();
        assertThat(range.contains("203.0.113.7")).isFalse();
        assertThat(Cidr.parse("127.0.0.0/8").contains("::1")).isFalse();
    }

    @Test
    void neverResolvesHostNamesAndRefusesNonsense() {
        assertThat(Cidr.parse("127.0.0.0/8").contains("localhost")).isFalse();
        assertThat(Cidr.parse("127.0.0.0/8").contains(null)).isFalse();
        assertThatThrownBy(() -> Cidr.parse("example.com/8")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
    }
}
