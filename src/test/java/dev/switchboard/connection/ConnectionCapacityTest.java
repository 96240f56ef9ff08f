package dev.switchboard.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ConnectionCapacityTest {

    @Test
    void theReserveIsKeptAndIsAtMostHalfTheLimit() {
        assertEquals(19_000, ConnectionCapacity.fromOpenFileLimit(20_000, 1000));
        assertEquals(150, ConnectionCapacity.fromOpenFileLimit(300, 1000));
        assertEquals(1_047_576, ConnectionCapacity.fromOpenFileLimit(1_048_576, 1000));
        assertEquals(0, ConnectionCapacity.fromOpenFileLimit(-1, 1000), "unknown limit: no limit");
        assertEquals(Integer.MAX_VALUE, ConnectionCapacity.fromOpenFileLimit(Long.MAX_VALUE, 1000));
    }
}
