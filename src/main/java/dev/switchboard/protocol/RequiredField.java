package dev.switchboard.protocol;

/** The "this field is required" check of the frame records' compact constructors (decoding turns it into bad_request). */
final class RequiredField {
    private RequiredField() {
    }

    static void check(Object value, String name) {
        if (value == null) {
            throw new IllegalArgumentException("'" + name + "' is required");
        }
    }
}
