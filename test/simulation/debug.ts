import type { Trace } from '../../language-server/src/simulation/trace.js';
/** Human-readable dump of a trace's main events (for writing tests, not asserted on). */
export function dump(trace: Trace, filter: (e: Trace['events'][number]) => boolean = () => true): string {
    return trace.events
        .filter(filter)
        .map((e) => `${e.at} ${e.kind} ${e.name} ${e.member ?? ''} g=${e.generation ?? ''} ${e.error ?? ''} ${e.partitions ? JSON.stringify(e.partitions) : ''} ${e.detail ?? ''}`)
        .join('\n');
}
