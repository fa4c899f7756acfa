/**
 * AbstractStickyAssignor.PartitionMovements: the moves made while balancing, per topic and per
 * (from, to) member pair, so that a partition about to move back along a pair is swapped for
 * one that already moved the other way (keeping the assignment sticky).
 *
 * Which partition is picked from a pair's set is the first in Java `HashSet<TopicPartition>`
 * iteration order, so each set is a JavaHashTableModel.
 */
import { JavaHashTableModel, javaStringHash, topicPartitionHash } from '../../java-hash.js';
import type { ClientCase } from '../client-case.js';

export class PartitionMovements {
    /** Per partition: where its recorded move started and ended (-1 when it has not moved). */
    private readonly src: Int32Array;
    private readonly dst: Int32Array;
    /** Per topic: pair key → partitions moved along that pair. */
    private readonly byTopic = new Map<number, Map<number, JavaHashTableModel<number>>>();
    private readonly topicHashes: number[];

    constructor(private readonly c: ClientCase) {
        this.src = new Int32Array(c.totalPartitions).fill(-1);
        this.dst = new Int32Array(c.totalPartitions).fill(-1);
        this.topicHashes = c.topicNames.map(javaStringHash);
    }

    private pairKey(from: number, to: number): number {
        return from * this.c.members.length + to;
    }

    private newSet(): JavaHashTableModel<number> {
        return new JavaHashTableModel<number>((g) => {
            const t = this.c.topicOf[g];
            return topicPartitionHash(this.topicHashes[t], g - this.c.offsets[t]);
        });
    }

    private removeRecord(g: number): [number, number] {
        const pair: [number, number] = [this.src[g], this.dst[g]];
        this.src[g] = -1;
        this.dst[g] = -1;
        const t = this.c.topicOf[g];
        const forTopic = this.byTopic.get(t)!;
        const key = this.pairKey(pair[0], pair[1]);
        const set = forTopic.get(key)!;
        set.delete(g);
        if (set.size === 0) forTopic.delete(key);
        if (forTopic.size === 0) this.byTopic.delete(t);
        return pair;
    }

    private addRecord(g: number, from: number, to: number): void {
        this.src[g] = from;
        this.dst[g] = to;
        const t = this.c.topicOf[g];
        let forTopic = this.byTopic.get(t);
        if (!forTopic) {
            forTopic = new Map();
            this.byTopic.set(t, forTopic);
        }
        const key = this.pairKey(from, to);
        let set = forTopic.get(key);
        if (!set) {
            set = this.newSet();
            forTopic.set(key, set);
        }
        set.add(g);
    }

    movePartition(g: number, oldConsumer: number, newConsumer: number): void {
        if (this.src[g] !== -1) {
            // The partition moved before: collapse the two moves into one (or none if it goes back).
            const [from] = this.removeRecord(g);
            if (from !== newConsumer) this.addRecord(g, from, newConsumer);
        } else {
            this.addRecord(g, oldConsumer, newConsumer);
        }
    }

    getTheActualPartitionToBeMoved(g: number, oldConsumer: number, newConsumer: number): number {
        const t = this.c.topicOf[g];
        const forTopic = this.byTopic.get(t);
        if (!forTopic) return g;
        if (this.src[g] !== -1) oldConsumer = this.src[g];
        const reverse = forTopic.get(this.pairKey(newConsumer, oldConsumer));
        if (!reverse) return g;
        return reverse.first()!;
    }
}
