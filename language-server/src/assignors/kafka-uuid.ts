/**
 * Kafka's `Uuid` (org.apache.kafka.common.Uuid): 128 bits, written as URL-safe base64 without
 * padding (22 characters). Topic ids are Uuids; the server-side assignors iterate topics in
 * `HashSet<Uuid>` order, so their hash (see java-hash.ts) and their ordering matter.
 */
import { uuidHash, type UuidWords } from './java-hash.js';

export interface KafkaUuid extends UuidWords {
    /** The base64 text, as `Uuid.toString()` prints it. */
    readonly text: string;
    /** `Uuid.hashCode()`. */
    readonly hash: number;
}

const URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const DECODE = new Map<string, number>([...URL_ALPHABET].map((c, i) => [c, i]));

function bytesToWords(bytes: Uint8Array): [number, number, number, number] {
    const w = [0, 0, 0, 0] as [number, number, number, number];
    for (let i = 0; i < 4; i++) {
        w[i] = ((bytes[4 * i] << 24) | (bytes[4 * i + 1] << 16) | (bytes[4 * i + 2] << 8) | bytes[4 * i + 3]) | 0;
    }
    return w;
}

function wordsToBytes(w: UuidWords): Uint8Array {
    const out = new Uint8Array(16);
    [w.w0, w.w1, w.w2, w.w3].forEach((word, i) => {
        out[4 * i] = (word >>> 24) & 0xff;
        out[4 * i + 1] = (word >>> 16) & 0xff;
        out[4 * i + 2] = (word >>> 8) & 0xff;
        out[4 * i + 3] = word & 0xff;
    });
    return out;
}

function base64UrlEncode(bytes: Uint8Array): string {
    let out = '';
    let i = 0;
    for (; i + 2 < bytes.length; i += 3) {
        const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
        out += URL_ALPHABET[(n >> 18) & 63] + URL_ALPHABET[(n >> 12) & 63] + URL_ALPHABET[(n >> 6) & 63] + URL_ALPHABET[n & 63];
    }
    const rest = bytes.length - i;
    if (rest === 1) {
        const n = bytes[i] << 16;
        out += URL_ALPHABET[(n >> 18) & 63] + URL_ALPHABET[(n >> 12) & 63];
    } else if (rest === 2) {
        const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
        out += URL_ALPHABET[(n >> 18) & 63] + URL_ALPHABET[(n >> 12) & 63] + URL_ALPHABET[(n >> 6) & 63];
    }
    return out;
}

/** Decodes URL-safe base64 (padding optional), as `Base64.getUrlDecoder()` does; throws on bad input. */
function base64UrlDecode(text: string): Uint8Array {
    let body = text;
    if (body.endsWith('==')) body = body.slice(0, -2);
    else if (body.endsWith('=')) body = body.slice(0, -1);
    if (body.length % 4 === 1) throw new Error(`'${text}' is not valid base64`);
    const out: number[] = [];
    let acc = 0;
    let bits = 0;
    for (const c of body) {
        const v = DECODE.get(c);
        if (v === undefined) throw new Error(`'${text}' is not valid URL-safe base64 (character '${c}')`);
        acc = (acc << 6) | v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push((acc >> bits) & 0xff);
        }
    }
    return Uint8Array.from(out);
}

export function uuidFromWords(w0: number, w1: number, w2: number, w3: number): KafkaUuid {
    const words = { w0: w0 | 0, w1: w1 | 0, w2: w2 | 0, w3: w3 | 0 };
    return { ...words, text: base64UrlEncode(wordsToBytes(words)), hash: uuidHash(words) };
}

/** `Uuid.fromString`: at most 24 characters of URL-safe base64 decoding to exactly 16 bytes. */
export function parseKafkaUuid(text: string): KafkaUuid {
    if (text.length > 24) {
        throw new Error(`Input string with prefix \`${text.slice(0, 24)}\` is too long to be decoded as a base64 UUID`);
    }
    const bytes = base64UrlDecode(text);
    if (bytes.length !== 16) {
        throw new Error(`Input string \`${text}\` decoded as ${bytes.length} bytes, which is not equal to the expected 16 bytes of a base64-encoded UUID`);
    }
    const [w0, w1, w2, w3] = bytesToWords(bytes);
    return uuidFromWords(w0, w1, w2, w3);
}

/** `Uuid.compareTo`: the most significant long, then the least, each compared as a signed long. */
export function compareKafkaUuids(a: UuidWords, b: UuidWords): number {
    if (a.w0 !== b.w0) return a.w0 < b.w0 ? -1 : 1; // signed high word
    if (a.w1 !== b.w1) return (a.w1 >>> 0) < (b.w1 >>> 0) ? -1 : 1; // unsigned low word
    if (a.w2 !== b.w2) return a.w2 < b.w2 ? -1 : 1;
    if (a.w3 !== b.w3) return (a.w3 >>> 0) < (b.w3 >>> 0) ? -1 : 1;
    return 0;
}

const FNV128_PRIME = (1n << 88n) + (1n << 8n) + 0x3bn;
const FNV128_OFFSET = 0x6c62272e07bb014262b821756295c58dn;
const MASK128 = (1n << 128n) - 1n;

/** FNV-1a, 128-bit variant, over the given bytes. */
export function fnv1a128(bytes: Uint8Array): bigint {
    let h = FNV128_OFFSET;
    for (const b of bytes) {
        h ^= BigInt(b);
        h = (h * FNV128_PRIME) & MASK128;
    }
    return h;
}

function uuidFromBigInt(v: bigint): KafkaUuid {
    const word = (shift: bigint) => Number((v >> shift) & 0xffffffffn) | 0;
    return uuidFromWords(word(96n), word(64n), word(32n), word(0n));
}

/**
 * A deterministic topic id for a topic given without one: FNV-1a-128 of the UTF-8 bytes of
 * `"rebal-topic-id:" + name`. Like `Uuid.randomUuid()`, it avoids the reserved ids (all zero,
 * one) and ids whose text starts with '-': then the input gets a suffix `#1`, `#2`, … until
 * the id is acceptable.
 */
export function deriveTopicId(name: string): KafkaUuid {
    const encoder = new TextEncoder();
    for (let attempt = 0; ; attempt++) {
        const source = `rebal-topic-id:${name}${attempt === 0 ? '' : `#${attempt}`}`;
        const id = uuidFromBigInt(fnv1a128(encoder.encode(source)));
        const reserved = id.w0 === 0 && id.w1 === 0 && id.w2 === 0 && (id.w3 === 0 || id.w3 === 1);
        if (!reserved && !id.text.startsWith('-')) return id;
    }
}
