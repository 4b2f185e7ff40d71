package org.reshard.topology;

import java.nio.charset.StandardCharsets;

/**
 * The routing hash: PostgreSQL's {@code hashtextextended(key::text, 0)}, bit for bit, so every shard
 * can filter by hash range inside the database. It is Bob Jenkins' lookup3 as PostgreSQL's
 * {@code hash_bytes_extended} runs it on a little-endian machine over the key's UTF-8 bytes.
 */
public final class RoutingHash {

    private static final int GOLDEN_RATIO = 0x9e3779b9;
    private static final int PG_EXTENDED_SALT = 3923095;

    private RoutingHash() {
    }

    /** The hash of a key's text form, as PostgreSQL's {@code hashtextextended(key, 0)} returns it. */
    public static long hash(String key) {
        return hash(key.getBytes(StandardCharsets.UTF_8));
    }

    /** The hash of raw UTF-8 bytes. */
    public static long hash(byte[] k) {
        return hash(k, 0, k.length);
    }

    /** The hash of {@code len} raw UTF-8 bytes of {@code k} from {@code from}, for callers that reuse one buffer. */
    @SuppressWarnings("fallthrough")
    public static long hash(byte[] k, int from, int len) {
        int a = GOLDEN_RATIO + len + PG_EXTENDED_SALT;
        int b = a;
        int c = a;
        int offset = from;
        int remaining = len;
        while (remaining >= 12) {
            a += littleEndianInt(k, offset);
            b += littleEndianInt(k, offset + 4);
            c += littleEndianInt(k, offset + 8);
            // mix(a, b, c)
            a -= c; a ^= Integer.rotateLeft(c, 4); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 6); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 8); b += a;
            a -= c; a ^= Integer.rotateLeft(c, 16); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 19); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 4); b += a;
            offset += 12;
            remaining -= 12;
        }
        // The last 0..11 bytes; the lowest byte of c is left out, as in PostgreSQL.
        switch (remaining) {
            case 11: c += (k[offset + 10] & 0xff) << 24;
            case 10: c += (k[offset + 9] & 0xff) << 16;
            case 9: c += (k[offset + 8] & 0xff) << 8;
            case 8: b += (k[offset + 7] & 0xff) << 24;
            case 7: b += (k[offset + 6] & 0xff) << 16;
            case 6: b += (k[offset + 5] & 0xff) << 8;
            case 5: b += k[offset + 4] & 0xff;
            case 4: a += (k[offset + 3] & 0xff) << 24;
            case 3: a += (k[offset + 2] & 0xff) << 16;
            case 2: a += (k[offset + 1] & 0xff) << 8;
            case 1: a += k[offset] & 0xff;
            default: break;
        }
        // final(a, b, c)
        c ^= b; c -= Integer.rotateLeft(b, 14);
        a ^= c; a -= Integer.rotateLeft(c, 11);
        b ^= a; b -= Integer.rotateLeft(a, 25);
        c ^= b; c -= Integer.rotateLeft(b, 16);
        a ^= c; a -= Integer.rotateLeft(c, 4);
        b ^= a; b -= Integer.rotateLeft(a, 14);
        c ^= b; c -= Integer.rotateLeft(b, 24);
        return ((long) b << 32) | (c & 0xffffffffL);
    }

    private static int littleEndianInt(byte[] k, int at) {
        return (k[at] & 0xff) | (k[at + 1] & 0xff) << 8 | (k[at + 2] & 0xff) << 16 | (k[at + 3] & 0xff) << 24;
    }
}
