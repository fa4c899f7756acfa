/**
 * The side panel: what holds at the playhead, the run's summary metrics (one column per view, so
 * a comparison reads across), and the scenario's expectations with pass/fail. Everything comes
 * from the trace; nothing is recomputed.
 */
import type { Trace } from '../../../language-server/src/simulation/trace.js';
import { formatCount, formatDuration, formatInstant } from '../format.js';
import type { TraceModel } from '../model/lanes.js';
import { clear, h } from './dom.js';
import { kip848AtPlayhead } from './kip848-text.js';

export interface DetailsView {
    readonly letter: string;
    readonly model: TraceModel | null;
    readonly uri: string;
}

export interface DetailsActions {
    revealLine(view: number, line: number): void;
}

interface Metric {
    readonly name: string;
    readonly title: string;
    readonly value: (t: Trace) => string;
}

const longestPause = (t: Trace): string => {
    let who = '';
    let ms = 0;
    for (const [m, p] of Object.entries(t.summary.pauses)) if (p.longest > ms) [who, ms] = [m, p.longest];
    return ms > 0 ? `${formatDuration(ms)} (${who})` : 'none';
};

export const METRICS: readonly Metric[] = [
    {
        name: 'rebalances',
        title: 'generation bumps, the first formation included (and how many reached Stable, when not all did)',
        value: (t) => (t.summary.completedRebalances === t.summary.rebalances ? `${t.summary.rebalances}` : `${t.summary.rebalances} (${t.summary.completedRebalances} completed)`)
    },
    { name: 'total pause', title: 'time members could not process, summed over members', value: (t) => formatDuration(t.summary.totalPause) },
    { name: 'longest pause', title: 'longest uninterrupted pause of one member', value: longestPause },
    { name: 'moved partitions', title: 'hand-overs to a member other than the previous owner', value: (t) => formatCount(t.summary.movedPartitions) },
    {
        name: 'max unowned',
        title: 'worst partition’s unowned time after the group first became Stable',
        value: (t) => (t.summary.maxUnowned ? `${formatDuration(t.summary.maxUnowned.ms)} (${t.summary.maxUnowned.topic}-${t.summary.maxUnowned.partition})` : 'none')
    },
    {
        name: 'duplicates',
        title: 'records processed more than once',
        value: (t) => {
            const by = Object.entries(t.summary.duplicatesBySource ?? {}).filter(([, n]) => (n ?? 0) > 0);
            return by.length ? `${formatCount(t.summary.duplicates)} (${by.map(([s, n]) => `${s} ${formatCount(n ?? 0, true)}`).join(', ')})` : formatCount(t.summary.duplicates);
        }
    },
    { name: 'processed', title: 'distinct records processed / produced', value: (t) => `${formatCount(t.summary.processed, true)} / ${formatCount(t.summary.produced, true)}` },
    { name: 'final state', title: 'group state and generation at the end of the run', value: (t) => `${t.summary.finalState} · gen ${t.summary.finalGeneration}` },
    {
        name: 'errors',
        title: 'fatal errors per member',
        value: (t) => {
            const errs = Object.entries(t.summary.errors ?? {}).filter(([, e]) => e);
            return errs.length ? errs.map(([m, e]) => `${m}: ${e!.error}`).join(', ') : 'none';
        }
    }
];

/** Max-lag rows are per topic: one per topic of any view. */
function lagMetrics(views: readonly DetailsView[]): Metric[] {
    const topics = new Set<string>();
    for (const v of views) for (const k of Object.keys(v.model?.trace.summary.maxLag ?? {})) topics.add(k);
    return [...topics].map((topic) => ({
        name: `max lag ${topic}`,
        title: `largest lag of ${topic} during the run (exact)`,
        value: (t: Trace) => (t.summary.maxLag[topic] === undefined ? '—' : formatCount(t.summary.maxLag[topic]))
    }));
}

export function renderSummary(container: HTMLElement, views: readonly DetailsView[], actions: DetailsActions): void {
    clear(container);
    const compare = views.length > 1;
    const metrics = [...METRICS.slice(0, 3), ...lagMetrics(views), ...METRICS.slice(3)];
    const table = h('table', { class: 'metrics' });
    if (compare) table.append(h('tr', {}, h('th', {}), ...views.map((v) => h('th', {}, v.letter))));
    for (const m of metrics) {
        const values = views.map((v) => (v.model ? m.value(v.model.trace) : '—'));
        const differs = compare && values.some((x) => x !== values[0]);
        table.append(
            h('tr', { title: m.title, 'data-metric': m.name }, h('td', { class: 'metric-name' }, m.name), ...values.map((x) => h('td', { class: differs ? 'metric-value differs' : 'metric-value' }, x)))
        );
    }
    container.append(h('h3', {}, 'Summary'), table);

    views.forEach((v, index) => {
        const trace = v.model?.trace;
        if (!trace) return;
        const list = h('ul', { class: 'expectations' });
        for (const e of trace.expectations) {
            const status = e.problem ? 'problem' : e.pass ? 'pass' : 'fail';
            const item = h(
                'li',
                { class: `expectation ${status}`, 'data-status': status, title: e.line ? `line ${e.line}: click to show it` : '' },
                h('span', { class: 'mark' }, status === 'pass' ? '✓' : status === 'fail' ? '✗' : '!'),
                h('span', { class: 'expect-text' }, e.text.startsWith('expect') ? e.text : `expect ${e.text}`),
                h('div', { class: 'expect-detail' }, e.problem ? e.problem : `expected ${e.expected}, simulated ${e.actual}`)
            );
            if (e.line) {
                const line = e.line;
                item.classList.add('clickable');
                item.addEventListener('click', () => actions.revealLine(index, line));
            }
            list.append(item);
        }
        const passed = trace.expectations.filter((e) => e.pass && !e.problem).length;
        container.append(
            h('h3', {}, `Expectations${compare ? ` ${v.letter}` : ''}`, h('span', { class: 'count' }, ` ${passed}/${trace.expectations.length} pass`)),
            trace.expectations.length ? list : h('div', { class: 'empty' }, 'This scenario has no expect lines.')
        );
    });
}

/** The group state, lag and members not processing at instant `t`, per view. */
export function renderAtPlayhead(container: HTMLElement, views: readonly DetailsView[], t: number): void {
    clear(container);
    container.append(h('h3', {}, 'At ', h('span', { class: 'mono' }, formatInstant(t))));
    for (const v of views) {
        const model = v.model;
        if (!model) continue;
        const trace = model.trace;
        const state = stateAt(trace, t);
        const block = h('div', { class: 'at-block', 'data-view': v.letter });
        if (views.length > 1) block.append(h('div', { class: 'at-letter' }, v.letter));
        block.append(
            h(
                'div',
                { class: 'at-state', 'data-state': state?.state ?? 'none' },
                state ? `${state.state} · gen ${state.generation}${state.protocolName ? ` · ${state.protocolName}` : ''} · ${state.members} members` : 'not started'
            )
        );
        const lags = trace.lag.map((l) => {
            const i = Math.min(l.lag.length - 1, Math.max(0, Math.floor(t / l.stepMs)));
            return `${l.topic} ${formatCount(l.lag[i], true)}`;
        });
        if (lags.length) block.append(h('div', { class: 'at-lag' }, `lag: ${lags.join(' · ')}`));
        const kip848 = kip848AtPlayhead(trace, t);
        if (kip848) block.append(kip848);
        // Members not processing, grouped by what they are doing: `down: worker3 · frozen: c2`.
        const byKind = new Map<string, string[]>();
        for (const lane of model.lanes) {
            if (lane.kind !== 'member') continue;
            const activity = lane.tracks.find((p) => p.track.id === 'activity')?.track;
            if (!activity || activity.kind !== 'spans') continue;
            for (const row of activity.rows) {
                const i = row.at(t);
                if (i < 0) continue;
                const kind = trace.activity[row.ref[i]].kind;
                if (kind === 'processing') continue;
                let list = byKind.get(kind);
                if (!list) byKind.set(kind, (list = []));
                list.push(lane.member!);
            }
        }
        const members = h('div', { class: 'at-members' });
        if (byKind.size === 0) members.append('every started member is processing');
        for (const [kind, names] of byKind) {
            const shown = names.length > 6 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', ');
            members.append(h('div', { 'data-kind': kind }, h('span', { class: 'at-kind' }, `${kind}: `), shown));
        }
        block.append(members);
        container.append(block);
    }
}

function stateAt(trace: Trace, t: number) {
    const s = trace.groupStates;
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (s[mid].to <= t) lo = mid + 1;
        else hi = mid;
    }
    const found = s[lo];
    if (found && found.from <= t) return found;
    // The run's last instant: the last span is half-open, but the playhead may sit exactly on its end.
    const last = s[s.length - 1];
    return last && t >= last.to && t <= trace.durationMs ? last : undefined;
}
