/**
 * A trace as a short, readable story for baselines (in the spirit of the TypeScript
 * compiler's baselines): what happened to the group, in time order, one line per fact, so a
 * change in the engine shows up as a reviewable diff. Protocol chatter (heartbeats, requests)
 * is left out; log lines at WARN and ERROR, and every error, are kept.
 */
import type { PartitionSet, Trace } from '../../language-server/src/simulation/trace.js';
import { formatDuration } from '../../language-server/src/model/units.js';

function time(ms: number): string {
    const s = (ms / 1000).toFixed(3);
    return `[${s.padStart(9)}s]`;
}

function partitions(set: PartitionSet | undefined): string {
    if (!set) return '-';
    const parts = Object.entries(set)
        .filter(([, ps]) => ps.length > 0)
        .map(([topic, ps]) => `${topic}[${ps.join(',')}]`);
    return parts.length ? parts.join(' ') : '(none)';
}

export function traceStory(trace: Trace): string {
    const facts: { at: number; order: number; text: string }[] = [];
    const add = (at: number, order: number, text: string) => facts.push({ at, order, text });
    for (const e of trace.scenarioEvents) add(e.at, 0, `scenario: ${e.text}`);
    for (const span of trace.groupStates) {
        add(span.from, 1, `group: ${span.state} gen ${span.generation}${span.protocolName ? ` (${span.protocolName})` : ''}, ${span.members} members${span.leader ? `, leader ${span.leader}` : ''}`);
    }
    for (const r of trace.rebalances) {
        const members = r.members.map((m) => `${m.member}:${m.rebalanceProtocol === 'COOPERATIVE' ? 'coop' : 'eager'}=${partitions(m.assignment)}`).join('; ');
        add(r.bumpedAt, 2, `generation ${r.generation} (${r.reason}) → ${r.bumpedTo}, moved ${r.moved}: ${members}`);
    }
    let lastKind = new Map<string, string>();
    for (const a of [...trace.activity].sort((x, y) => x.from - y.from || x.member.localeCompare(y.member))) {
        if (lastKind.get(a.member) === a.kind) continue;
        lastKind.set(a.member, a.kind);
        add(a.from, 3, `${a.member}: ${a.kind}`);
    }
    lastKind = new Map();
    for (const c of trace.conditions) add(c.from, 3, `${c.member}: ${c.kind} until ${formatDuration(c.to)}`);
    for (const e of trace.events) {
        if (e.kind === 'error' || (e.log && e.log.level !== 'INFO')) {
            add(e.at, 4, `${e.member ?? 'coordinator'}: ${e.name}${e.error ? ` ${e.error}` : ''}${e.log ? ` — ${e.log.level} ${e.log.text.slice(0, 120)}` : ''}`);
        }
    }
    facts.sort((a, b) => a.at - b.at || a.order - b.order);
    const s = trace.summary;
    const lines = [
        `scenario ${trace.scenario} (group ${trace.group}, seed ${trace.seed}, ${formatDuration(trace.durationMs)}, trace v${trace.traceVersion})`,
        ...facts.map((f) => `${time(f.at)} ${f.text}`),
        `summary: rebalances ${s.rebalances} at [${s.rebalanceTimes.map(formatDuration).join(', ')}], completed ${s.completedRebalances}; moved ${s.movedPartitions}; duplicates ${s.duplicates}; total pause ${formatDuration(s.totalPause)}; final ${s.finalState} gen ${s.finalGeneration}`,
        `pauses: ${Object.entries(s.pauses).map(([m, p]) => `${m} ${formatDuration(p.total)}/${formatDuration(p.longest)}`).join(', ')}`,
        `max lag: ${Object.entries(s.maxLag).map(([t, n]) => `${t} ${Math.round(n)}`).join(', ')}; produced ${Math.round(s.produced)}, processed ${Math.round(s.processed)}`,
        ...trace.expectations.map((e) => `expect ${e.pass ? 'pass' : 'FAIL'}: ${e.text} (simulated: ${e.actual})`)
    ];
    return lines.join('\n') + '\n';
}
