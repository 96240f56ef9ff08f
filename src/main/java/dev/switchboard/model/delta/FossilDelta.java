package dev.switchboard.model.delta;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The Fossil SCM delta format (https://fossil-scm.org/home/doc/tip/www/delta_format.wiki), the one Centrifugo uses
 * and the npm package {@code fossil-delta} decodes: a header with the target's length, then commands that copy a
 * range of the base ({@code cnt@offset,}) or insert literal bytes ({@code cnt:bytes}), and a trailer with a
 * 32-bit checksum of the target ({@code checksum;}). Integers are written in a base-64 alphabet of ASCII letters
 * and digits, so a delta of ASCII text is ASCII text itself.
 *
 * <p>{@link #create} follows Fossil's own {@code delta_create} (a rolling hash over 16-byte blocks of the base);
 * {@link #apply} checks every command and the checksum, so a delta applied to the wrong base fails instead of
 * producing a wrong target (except for the 1 in 2^32 base that has the same checksum and length).
 */
public final class FossilDelta {

    private static final int NHASH = 16;
    private static final byte[] DIGITS =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz~".getBytes();
    private static final int[] VALUES = new int[128];

    static {
        Arrays.fill(VALUES, -1);
        for (int i = 0; i < DIGITS.length; i++) {
            VALUES[DIGITS[i]] = i;
        }
    }

    private FossilDelta() {
    }

    /** The delta that turns {@code base} into {@code target}. */
    public static byte[] create(byte[] base, byte[] target) {
        Out out = new Out(target.length / 4 + 32);
        out.putInt(target.length);
        out.put('\n');
        int lenSrc = base.length;
        int lenOut = target.length;
        if (lenSrc <= NHASH) {
            insert(out, target, 0, lenOut);
            out.putInt(checksum(target, lenOut));
            out.put(';');
            return out.toByteArray();
        }
        // Index the base: the hash of every NHASH-aligned block, chained per hash bucket.
        int nHash = (lenSrc + NHASH - 1) / NHASH; // as fossil-delta on npm does, so both make the same bytes
        int[] collide = new int[nHash];
        int[] landmark = new int[nHash];
        Arrays.fill(collide, -1);
        Arrays.fill(landmark, -1);
        RollingHash h = new RollingHash();
        for (int i = 0; i < lenSrc - NHASH; i += NHASH) {
            h.init(base, i);
            int hv = Integer.remainderUnsigned(h.value(), nHash);
            collide[i / NHASH] = landmark[hv];
            landmark[hv] = i / NHASH;
        }
        int at = 0; // start of the target's part not yet covered by a command
        while (at + NHASH < lenOut) {
            h.init(target, at);
            int i = 0;
            int bestCnt = 0;
            int bestOfst = 0;
            int bestLitsz = 0;
            while (true) {
                int limit = 250;
                int hv = Integer.remainderUnsigned(h.value(), nHash);
                int block = landmark[hv];
                while (block >= 0 && limit-- > 0) {
                    int iSrc = block * NHASH;
                    int j = 0;
                    for (int x = iSrc, y = at + i; x < lenSrc && y < lenOut; j++, x++, y++) {
                        if (base[x] != target[y]) {
                            break;
                        }
                    }
                    j--;
                    int k = 1;
                    for (; k < iSrc && k <= i; k++) {
                        if (base[iSrc - k] != target[at + i - k]) {
                            break;
                        }
                    }
                    k--;
                    int ofst = iSrc - k;
                    int cnt = j + k + 1;
                    int litsz = i - k;
                    int sz = digitCount(litsz) + digitCount(cnt) + digitCount(ofst) + 3;
                    if (cnt >= sz && cnt > bestCnt) {
                        bestCnt = cnt;
                        bestOfst = ofst;
                        bestLitsz = litsz;
                    }
                    block = collide[block];
                }
                if (bestCnt > 0) {
                    if (bestLitsz > 0) {
                        insert(out, target, at, bestLitsz);
                        at += bestLitsz;
                    }
                    at += bestCnt;
                    out.putInt(bestCnt);
                    out.put('@');
                    out.putInt(bestOfst);
                    out.put(',');
                    break;
                }
                if (at + i + NHASH >= lenOut) {
                    insert(out, target, at, lenOut - at);
                    at = lenOut;
                    break;
                }
                h.next(target[at + i + NHASH]);
                i++;
            }
        }
        if (at < lenOut) {
            insert(out, target, at, lenOut - at);
        }
        out.putInt(checksum(target, lenOut));
        out.put(';');
        return out.toByteArray();
    }

    /**
     * The target that {@code delta} makes of {@code base}.
     *
     * @throws IllegalArgumentException if the delta is malformed or does not fit this base (bad checksum, a copy
     *         past the base's end, a size other than announced)
     */
    public static byte[] apply(byte[] base, byte[] delta) {
        Reader in = new Reader(delta);
        int limit = in.getInt();
        if (in.next() != '\n') {
            throw new IllegalArgumentException("delta: size integer not terminated by a newline");
        }
        byte[] out = new byte[limit];
        int total = 0;
        while (in.remaining() > 0) {
            int cnt = in.getInt();
            switch (in.next()) {
                case '@' -> {
                    int ofst = in.getInt();
                    if (in.remaining() > 0 && in.next() != ',') {
                        throw new IllegalArgumentException("delta: copy command not terminated by ','");
                    }
                    if (cnt > limit - total) {
                        throw new IllegalArgumentException("delta: copy exceeds the output size");
                    }
                    if ((long) ofst + cnt > base.length) {
                        throw new IllegalArgumentException("delta: copy extends past the end of the base");
                    }
                    System.arraycopy(base, ofst, out, total, cnt);
                    total += cnt;
                }
                case ':' -> {
                    if (cnt > limit - total) {
                        throw new IllegalArgumentException("delta: insert gives an output larger than announced");
                    }
                    in.copy(out, total, cnt);
                    total += cnt;
                }
                case ';' -> {
                    if (cnt != checksum(out, total)) {
                        throw new IllegalArgumentException("delta: bad checksum (not the base it was made for)");
                    }
                    if (total != limit) {
                        throw new IllegalArgumentException("delta: output size differs from the announced size");
                    }
                    return out;
                }
                default -> throw new IllegalArgumentException("delta: unknown operator");
            }
        }
        throw new IllegalArgumentException("delta: unterminated");
    }

    private static void insert(Out out, byte[] target, int from, int count) {
        out.putInt(count);
        out.put(':');
        out.write(target, from, count);
    }

    /** Fossil's checksum: the sum of the target as big-endian 32-bit words, a short tail padded with zeros. */
    static int checksum(byte[] z, int n) {
        int sum0 = 0;
        int sum1 = 0;
        int sum2 = 0;
        int sum3 = 0;
        int p = 0;
        while (n - p >= 4) {
            sum0 += z[p] & 0xff;
            sum1 += z[p + 1] & 0xff;
            sum2 += z[p + 2] & 0xff;
            sum3 += z[p + 3] & 0xff;
            p += 4;
        }
        sum3 += (sum2 << 8) + (sum1 << 16) + (sum0 << 24);
        switch (n - p) {
            case 3:
                sum3 += (z[p + 2] & 0xff) << 8;
                // fall through
            case 2:
                sum3 += (z[p + 1] & 0xff) << 16;
                // fall through
            case 1:
                sum3 += (z[p] & 0xff) << 24;
                // fall through
            default:
        }
        return sum3;
    }

    private static int digitCount(int v) {
        int i = 1;
        for (long x = 64; v >= x; i++, x <<= 6) {
            // counts base-64 digits
        }
        return i;
    }

    /** Fossil's rolling hash of the last NHASH bytes (an Adler-32-like pair of 16-bit sums), over unsigned bytes. */
    private static final class RollingHash {
        private int a;
        private int b;
        private int i;
        private final int[] z = new int[NHASH];

        void init(byte[] input, int from) {
            a = 0;
            b = 0;
            for (int k = 0; k < NHASH; k++) {
                int c = input[from + k] & 0xff;
                z[k] = c;
                a += c;
                b += (NHASH - k) * c;
            }
            a &= 0xffff;
            b &= 0xffff;
            i = 0;
        }

        void next(byte input) {
            int c = input & 0xff;
            int old = z[i];
            z[i] = c;
            i = (i + 1) & (NHASH - 1);
            a = (a - old + c) & 0xffff;
            b = (b - NHASH * old + a) & 0xffff;
        }

        int value() {
            return (a & 0xffff) | ((b & 0xffff) << 16);
        }
    }

    private static final class Out extends ByteArrayOutputStream {
        Out(int size) {
            super(size);
        }

        void put(char c) {
            write(c);
        }

        void putInt(int v) {
            if (v == 0) {
                write('0');
                return;
            }
            long u = Integer.toUnsignedLong(v);
            byte[] digits = new byte[6];
            int n = 0;
            for (; u > 0; u >>>= 6) {
                digits[n++] = DIGITS[(int) (u & 0x3f)];
            }
            for (int k = n - 1; k >= 0; k--) {
                write(digits[k]);
            }
        }
    }

    private static final class Reader {
        private final byte[] z;
        private int p;

        Reader(byte[] z) {
            this.z = z;
        }

        int remaining() {
            return z.length - p;
        }

        int next() {
            if (p >= z.length) {
                throw new IllegalArgumentException("delta: unterminated");
            }
            return z[p++];
        }

        /** A base-64 integer; unsigned 32 bits (a checksum may use all of them). */
        int getInt() {
            long v = 0;
            int start = p;
            while (p < z.length) {
                int c = z[p];
                int d = c >= 0 && c < 128 ? VALUES[c] : -1;
                if (d < 0) {
                    break;
                }
                v = (v << 6) + d;
                if (v > 0xffffffffL) {
                    throw new IllegalArgumentException("delta: integer too large");
                }
                p++;
            }
            if (p == start) {
                throw new IllegalArgumentException("delta: integer expected");
            }
            return (int) v;
        }

        void copy(byte[] out, int at, int count) {
            if (count < 0 || count > remaining()) {
                throw new IllegalArgumentException("delta: insert count exceeds the delta's size");
            }
            System.arraycopy(z, p, out, at, count);
            p += count;
        }
    }
}
