package dev.switchboard.api;

/**
 * The kinds of 400 answer of the API, /sse and /poll: each has its stable type slug (docs/api.md) and a title
 * of its own, so a reader of a problem (or of the Swagger UI) sees what kind of mistake it is before the detail.
 */
enum BadRequest {
    MALFORMED_JSON("malformed-json", "Malformed JSON"),
    BAD_REQUEST("bad-request", "Bad request"),
    MISSING_FIELD("missing-field", "Missing field"),
    DUPLICATE_CHANNEL("duplicate-channel", "Duplicate channel"),
    TOO_MANY_CHANNELS("too-many-channels", "Too many channels"),
    BAD_POSITION("bad-position", "Bad stream position"),
    BAD_LIMIT("bad-limit", "Bad history limit"),
    BAD_TIMEOUT("bad-timeout", "Bad poll timeout"),
    BAD_UNIQUE("bad-unique", "Bad presence unique"),
    BAD_LATEST("bad-latest", "Bad latest flag"),
    NOT_UNICODE("not-unicode", "Text is not valid Unicode");

    final String slug;
    final String title;

    BadRequest(String slug, String title) {
        this.slug = slug;
        this.title = title;
    }

    Problem problem(String detail) {
        return Problem.of(400, slug, title, detail);
    }
}
