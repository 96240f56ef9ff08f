package dev.switchboard.protocol;

/** Checks shared by the frame records' compact constructors. */
final class Fields {
    private Fields() {
    }

    static void require(Object value, String name) {
        if (value == null) {
            throw new IllegalArgumentException("'" + name + "' is required");
        }
    }
}
