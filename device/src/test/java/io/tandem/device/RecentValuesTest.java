package io.tandem.device;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecentValuesTest {

    @Test
    void keepsOnlyTheLastValuesOldestFirst() {
        RecentValues recent = new RecentValues(3);
        assertThat(recent.toArray()).isEmpty();
        assertThat(recent.median()).as("nothing yet").isZero();
        for (int i = 1; i <= 7; i++) {
            recent.add(i);
        }
        assertThat(recent.toArray()).containsExactly(5, 6, 7);
    }

    @Test
    void theMedianIsOfTheRecentValuesOnly() {
        RecentValues recent = new RecentValues(4);
        recent.add(100);
        recent.add(100);
        recent.add(4);
        recent.add(1);
        recent.add(3);
        recent.add(2);
        assertThat(recent.median()).as("nearest-rank median of 4, 1, 3, 2").isEqualTo(2);
    }
}
