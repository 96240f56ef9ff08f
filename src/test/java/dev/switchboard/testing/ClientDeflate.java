package dev.switchboard.testing;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A client's side of permessage-deflate without context takeover (RFC 7692 7.2), written straight from the RFC
 * on java.util.zip, independent of the server's code: compress a message (sync flush, 00 00 FF FF removed) and
 * decompress one (00 00 FF FF appended).
 */
public final class ClientDeflate {

    private ClientDeflate() {
    }

    public static byte[] compress(byte[] message) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(message);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] chunk = new byte[64 * 1024];
            int n;
            do {
                n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
                out.write(chunk, 0, n);
            } while (n == chunk.length);
            byte[] all = out.toByteArray();
            if (all.length < 4 || all[all.length - 4] != 0 || all[all.length - 3] != 0
                    || all[all.length - 2] != (byte) 0xff || all[all.length - 1] != (byte) 0xff) {
                throw new IllegalStateException("sync flush did not end with 00 00 FF FF");
            }
            return Arrays.copyOf(all, all.length - 4);
        } finally {
            deflater.end();
        }
    }

    public static byte[] decompress(byte[] compressed) throws DataFormatException {
        Inflater inflater = new Inflater(true);
        try {
            byte[] input = Arrays.copyOf(compressed, compressed.length + 4);
            input[compressed.length + 2] = (byte) 0xff;
            input[compressed.length + 3] = (byte) 0xff;
            inflater.setInput(input);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] chunk = new byte[64 * 1024];
            while (!inflater.needsInput() && !inflater.finished()) {
                int n = inflater.inflate(chunk);
                out.write(chunk, 0, n);
                if (n == 0 && inflater.needsDictionary()) {
                    throw new DataFormatException("dictionary");
                }
            }
            return out.toByteArray();
        } finally {
            inflater.end();
        }
    }
}
