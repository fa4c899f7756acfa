/**
 * Member ids of the consumer protocol: Kafka's `Uuid.randomUuid().toString()` (22 characters
 * of URL-safe base64), drawn from the scenario's seeded random source (simulation-conventions
 * §6). The KIP-848 client makes one at startup and keeps it (KIP-1082); the coordinator makes
 * one for a classic member joining a consumer group.
 */
import { uuidFromWords } from '../../assignors/kafka-uuid.js';
import type { SeededRandom } from '../random.js';

export function randomKafkaUuid(rng: SeededRandom): string {
    for (;;) {
        const id = uuidFromWords(rng.nextUint32(), rng.nextUint32(), rng.nextUint32(), rng.nextUint32());
        // Uuid.randomUuid skips the reserved ids and ids whose text starts with '-'.
        const reserved = id.w0 === 0 && id.w1 === 0 && id.w2 === 0 && (id.w3 === 0 || id.w3 === 1);
        if (!reserved && !id.text.startsWith('-')) return id.text;
    }
}
