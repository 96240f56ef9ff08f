package dev.switchboard.api;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

/**
 * The API's side of the one text rule (docs/protocol.md, "Text must be Unicode"): a JSON body (RFC 8259 8.1:
 * UTF-8) that is not well-formed UTF-8 is refused with 400 while it is read. Jackson's parser finds most
 * broken sequences itself but decodes overlong forms (C0 80 to NUL) and encoded surrogates (ED A0 80, then
 * refused by the UnicodeStrings module) without complaint; this checks the bytes as they stream past, by the
 * same table as {@link dev.switchboard.protocol.UnicodeText#isWellFormedUtf8}.
 */
@Provider
public class Utf8Body implements ReaderInterceptor {

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        context.setInputStream(new CheckedStream(context.getInputStream()));
        return context.proceed();
    }

    private static ApiProblem notUtf8() {
        return ApiProblem.badRequest(BadRequest.NOT_UNICODE,
                "The body is not well-formed UTF-8 (RFC 8259 8.1); strings must be valid Unicode.");
    }

    /** Unicode 15 table 3-7 as a state machine over a stream: what the next byte may be. */
    private static final class CheckedStream extends FilterInputStream {
        private int need;       // continuation bytes still expected
        private int lo = 0x80;  // range of the next continuation byte
        private int hi = 0xbf;

        CheckedStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                check(b);
            } else {
                end();
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n < 0) {
                end();
            }
            for (int i = 0; i < n; i++) {
                check(buffer[offset + i] & 0xff);
            }
            return n;
        }

        private void end() {
            if (need != 0) {
                throw notUtf8();
            }
        }

        private void check(int b) {
            if (need > 0) {
                if (b < lo || b > hi) {
                    throw notUtf8();
                }
                lo = 0x80;
                hi = 0xbf;
                need--;
                return;
            }
            if (b < 0x80) {
                return;
            }
            if (b >= 0xc2 && b <= 0xdf) {
                need = 1;
            } else if (b >= 0xe0 && b <= 0xef) {
                need = 2;
                lo = b == 0xe0 ? 0xa0 : 0x80;
                hi = b == 0xed ? 0x9f : 0xbf;
            } else if (b >= 0xf0 && b <= 0xf4) {
                need = 3;
                lo = b == 0xf0 ? 0x90 : 0x80;
                hi = b == 0xf4 ? 0x8f : 0xbf;
            } else {
                throw notUtf8();
            }
        }
    }
}
