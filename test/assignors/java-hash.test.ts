/**
 * java-hash.ts and kafka-uuid.ts against values worked out by hand (or with an independent
 * tool, as noted) from the definitions of String.hashCode, HashMap and Kafka's Uuid.
 */
import { describe, expect, it } from 'vitest';
import {
    compareIntegers, copyConstructorCapacity, hashSetFromCollectionCapacity, javaHashOrder, javaHashOrderOfHashes, JavaHashTableModel,
    javaStringHash, javaStringHashMapOrder, spreadHash, tableSizeFor, topicPartitionHash, uuidHash
} from '../../language-server/src/assignors/java-hash.js';
import { compareKafkaUuids, deriveTopicId, parseKafkaUuid, uuidFromWords } from '../../language-server/src/assignors/kafka-uuid.js';

const int = (n: number) => n;

describe('String.hashCode', () => {
    it('matches well-known values', () => {
        expect(javaStringHash('')).toBe(0);
        expect(javaStringHash('a')).toBe(97);
        // "hello".hashCode() == 99162322, the textbook example.
        expect(javaStringHash('hello')).toBe(99162322);
        // "Aa" and "BB" collide: 65·31 + 97 = 66·31 + 66 = 2112.
        expect(javaStringHash('Aa')).toBe(2112);
        expect(javaStringHash('BB')).toBe(2112);
    });

    it('wraps around like a Java int', () => {
        // Computed with Python in 32-bit two's complement: "sticky" overflows to a negative int.
        expect(javaStringHash('sticky')).toBe(-892259863);
        expect(javaStringHash('cooperative-sticky')).toBe(1843682987);
    });

    it('hashes UTF-16 code units', () => {
        // U+1F600 is the surrogate pair D83D DE00: 0xD83D·31 + 0xDE00 = 55357·31 + 56832 = 1772899.
        expect(javaStringHash('\u{1F600}')).toBe(1772899);
    });
});

describe('HashMap bucket spreading and sizing', () => {
    it('spreads the high half into the low half', () => {
        // 99162322 = 0x05E918D2; 0x05E918D2 ^ 0x000005E9 = 0x05E91D3B = 99163451.
        expect(spreadHash(99162322)).toBe(99163451);
        expect(spreadHash(5)).toBe(5);
    });

    it('sizes tables as powers of two', () => {
        expect(tableSizeFor(0)).toBe(1);
        expect(tableSizeFor(16)).toBe(16);
        expect(tableSizeFor(17)).toBe(32);
    });

    it('sizes copied collections as JDK 17 and JDK 21 do', () => {
        // JDK 17: (int)(12 / 0.75f + 1) = 17 → 32 buckets; JDK 19+: ceil(12 / 0.75) = 16 → 16 buckets.
        expect(copyConstructorCapacity(12, 17)).toBe(32);
        expect(copyConstructorCapacity(12, 21)).toBe(16);
        // new HashSet<>(c): JDK 17 max((int)(12/.75f)+1, 16) = 17 → 32; JDK 21 ceil(max(12,12)/0.75) = 16.
        expect(hashSetFromCollectionCapacity(12, 17)).toBe(32);
        expect(hashSetFromCollectionCapacity(12, 21)).toBe(16);
        expect(hashSetFromCollectionCapacity(3, 17)).toBe(16);
    });
});

describe('HashMap iteration order', () => {
    it('visits buckets in index order, whatever the insertion order', () => {
        // "a", "b", "c" hash to 97, 98, 99: buckets 1, 2, 3 of 16.
        expect(javaStringHashMapOrder(['c', 'b', 'a'])).toEqual(['a', 'b', 'c']);
    });

    it('keeps insertion order inside a bucket', () => {
        // "Aa" and "BB" share hash 2112 (bucket 0).
        expect(javaStringHashMapOrder(['BB', 'Aa'])).toEqual(['BB', 'Aa']);
        expect(javaStringHashMapOrder(['Aa', 'BB'])).toEqual(['Aa', 'BB']);
    });

    it('doubles the table past three quarters full', () => {
        // 17 and 1 share bucket 1 of 16; with 13 keys the table has 32 buckets and 17 moves to bucket 17.
        expect(javaHashOrder([17, 1], int)).toEqual([17, 1]);
        expect(javaHashOrder([17, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], int)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 17]);
    });

    it('doubles a small table when a bucket passes eight entries', () => {
        // 0, 16, …, 128 all land in bucket 0 of 16. The ninth triggers treeifyBin, which resizes a
        // table under 64 buckets instead: with 32 buckets 0, 32, 64, 96, 128 stay in bucket 0 and
        // 16, 48, 80, 112 move to bucket 16.
        expect(javaHashOrder([0, 16, 32, 48, 64, 80, 96, 112, 128], int)).toEqual([0, 32, 64, 96, 128, 16, 48, 80, 112]);
        // Eight are not enough: all stay in bucket 0, in insertion order.
        expect(javaHashOrder([0, 16, 32, 48, 64, 80, 96, 112], int)).toEqual([0, 16, 32, 48, 64, 80, 96, 112]);
    });

    it('honours an explicit initial capacity', () => {
        // new HashMap<>(3) has 4 buckets: 5 → bucket 1, 2 → bucket 2, 4 → bucket 0 (3 entries ≤ threshold 3).
        expect(javaHashOrder([5, 2, 4], int, { kind: 'capacity', n: 3 })).toEqual([4, 5, 2]);
        // The default table (16 buckets) orders them 2, 4, 5.
        expect(javaHashOrder([5, 2, 4], int)).toEqual([2, 4, 5]);
    });

    it('orders the built-in protocol names as kafka-semantics.md §1.11 says', () => {
        // Buckets of 16: sticky 8, range 9, roundrobin 10, cooperative-sticky 15.
        expect(javaStringHashMapOrder(['cooperative-sticky', 'roundrobin', 'range', 'sticky']))
            .toEqual(['sticky', 'range', 'roundrobin', 'cooperative-sticky']);
    });

    it('returns positions for raw hash codes', () => {
        expect(Array.from(javaHashOrderOfHashes([3, 1, 2]))).toEqual([1, 2, 0]);
    });

    it('never shrinks a table when keys are removed', () => {
        // 13 keys grow the table to 32 buckets; after removing all but 17 and 1 it still has 32,
        // so 1 (bucket 1) comes before 17 (bucket 17) although 17 was inserted first.
        const model = new JavaHashTableModel<number>(int);
        for (const k of [17, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]) model.add(k);
        for (const k of [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]) model.delete(k);
        expect(model.keys()).toEqual([1, 17]);
        expect(model.first()).toBe(1);
        expect(model.tableSize).toBe(32);
    });
});

describe('HashMap tree buckets', () => {
    // Expected orders printed by java.util.HashMap on OpenJDK 17.0.15 for the same insertions.

    it('orders a bucket of 16 equal-hash strings as Java\'s red-black tree bucket does', () => {
        // All 16 strings of four "Aa"/"BB" blocks share one hashCode. The 9th fills bucket 0 of
        // 16 (a resize to 32), the 10th of 32 (a resize to 64), the 11th turns it into a tree:
        // its root moves to the front and later keys are linked after their tree parents.
        const inserted = ['BBAaBBAa', 'AaBBAaBB', 'AaAaAaAa', 'AaAaAaBB', 'BBAaAaBB', 'AaBBAaAa', 'AaBBBBAa', 'AaAaBBAa',
            'AaAaBBBB', 'BBBBBBBB', 'BBAaBBBB', 'AaBBBBBB', 'BBBBAaAa', 'BBAaAaAa', 'BBBBAaBB', 'BBBBBBAa'];
        expect(javaStringHashMapOrder(inserted)).toEqual(['AaBBAaBB', 'BBAaBBAa', 'AaAaAaAa', 'AaAaAaBB', 'BBAaAaBB', 'AaBBAaAa',
            'AaBBBBAa', 'AaBBBBBB', 'BBAaAaAa', 'AaAaBBAa', 'AaAaBBBB', 'BBBBBBBB', 'BBBBBBAa', 'BBBBAaAa', 'BBBBAaBB', 'BBAaBBBB']);
    });

    it('keeps the tree\'s order in a half that a resize turns back into a list', () => {
        // 64·1 … 64·11 share bucket 0 of a 64-bucket table (a tree), with 1 … 49 elsewhere. At
        // 49 keys the table grows to 128: multiples of 128 stay in bucket 0 (5 keys), the others
        // go to bucket 64 (6 keys); both halves are small enough to become lists again, in the
        // tree's order: 448 comes before 576 although 576 was inserted first.
        const inserted = [5, 38, 9, 44, 21, 27, 10, 15, 1, 30, 384, 576, 8, 448, 17, 46, 33, 24, 42, 512, 39, 35, 128, 37, 192, 22, 36, 26,
            16, 45, 6, 320, 2, 256, 3, 11, 704, 40, 18, 43, 29, 41, 25, 4, 28, 34, 19, 31, 48, 49, 13, 64, 14, 640, 12, 47, 23, 32, 7, 20];
        const ordered = javaHashOrder(inserted, int, { kind: 'default' }, compareIntegers);
        expect(ordered.slice(0, 5)).toEqual([384, 512, 128, 256, 640]);
        expect(ordered.slice(5, 54)).toEqual(Array.from({ length: 49 }, (_, i) => i + 1));
        expect(ordered.slice(54)).toEqual([448, 576, 192, 320, 704, 64]);
    });
});

describe('TopicPartition.hashCode', () => {
    it('is 31·(31 + partition) + topic.hashCode()', () => {
        // "a".hashCode() = 97: partition 0 → 31·31 + 97 = 1058; partition 2 → 31·33 + 97 = 1120.
        expect(topicPartitionHash(javaStringHash('a'), 0)).toBe(1058);
        expect(topicPartitionHash(javaStringHash('a'), 2)).toBe(1120);
    });
});

describe('Kafka Uuid', () => {
    // Decoded independently with Python's base64.urlsafe_b64decode:
    // T1-A4s3VTwiI5CTbEp6POw → msb 0x4f5f80e2cdd54f08, lsb 0x88e424db129e8f3b.
    const t1 = parseKafkaUuid('T1-A4s3VTwiI5CTbEp6POw');
    const t2 = parseKafkaUuid('T2-B4s3VTwiI5YHbPp6YUe');
    const t3 = parseKafkaUuid('T3-CU8fVTLCz5YMkLoDQsa');

    it('decodes base64 into the most and least significant longs', () => {
        expect([t1.w0 >>> 0, t1.w1 >>> 0, t1.w2 >>> 0, t1.w3 >>> 0]).toEqual([0x4f5f80e2, 0xcdd54f08, 0x88e424db, 0x129e8f3b]);
        expect(parseKafkaUuid(t1.text).text).toBe('T1-A4s3VTwiI5CTbEp6POw');
    });

    it('hashes as Uuid.hashCode does', () => {
        // x = msb ^ lsb; (int)(x >> 32) ^ (int) x: 418407434, 885118816, 365927798 (Python, 64-bit ints).
        expect(t1.hash).toBe(418407434);
        expect(t2.hash).toBe(885118816);
        expect(t3.hash).toBe(365927798);
        expect(uuidHash(t1)).toBe(t1.hash);
    });

    it('orders a HashSet of Kafka test topic ids topic2, topic3, topic1', () => {
        // Spread hashes land in buckets 10 (T1), 1 (T2), 9 (T3) of 16. Kafka's own uniform-assignor
        // tests depend on this order (see the server fixtures).
        expect(javaHashOrder([t1, t2, t3], (u) => u.hash).map((u) => u.text.slice(0, 2))).toEqual(['T2', 'T3', 'T1']);
    });

    it('compares as signed longs', () => {
        const negative = uuidFromWords(-1, 0, 0, 0);
        const positive = uuidFromWords(1, 0, 0, 0);
        expect(compareKafkaUuids(negative, positive)).toBe(-1);
        // The low word of a long is unsigned within it.
        expect(compareKafkaUuids(uuidFromWords(0, -1, 0, 0), uuidFromWords(0, 1, 0, 0))).toBe(1);
        expect(compareKafkaUuids(t1, t1)).toBe(0);
    });

    it('rejects what Uuid.fromString rejects', () => {
        expect(() => parseKafkaUuid('T1-A4s3VTwiI5CTbEp6POwXXXXX')).toThrow(/too long/);
        expect(() => parseKafkaUuid('AAAA')).toThrow(/3 bytes/);
        expect(() => parseKafkaUuid('T1-A4s3VTwiI5CTbEp6PO!')).toThrow(/base64/);
    });

    it('derives stable ids from topic names', () => {
        const a = deriveTopicId('orders');
        expect(deriveTopicId('orders')).toEqual(a);
        expect(deriveTopicId('payments').text).not.toBe(a.text);
        expect(a.text).toHaveLength(22);
        expect(a.text.startsWith('-')).toBe(false);
        expect(parseKafkaUuid(a.text)).toMatchObject({ w0: a.w0, w1: a.w1, w2: a.w2, w3: a.w3 });
    });
});
