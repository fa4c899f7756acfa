/** The colour key above the timeline (only what the shown traces use) and the keys help. */
import { KEY_BINDINGS } from '../keyboard.js';
import type { TraceModel } from '../model/lanes.js';
import { targetPaint } from '../model/kip848-tracks.js';
import { partitionPaint } from '../model/paints.js';
import type { Palette } from '../theme.js';
import { clear, h } from './dom.js';

const ACTIVITY_LABELS: Record<string, string> = {
    processing: 'processing',
    idle: 'idle (nothing assigned)',
    'paused-rebalance': 'paused by rebalance',
    revoking: 'revoking',
    frozen: 'frozen (GC)',
    down: 'down',
    stopped: 'stopped',
    failed: 'failed'
};
const CONDITION_LABELS: Record<string, string> = { 'cut-off': 'cut off', zombie: 'zombie', slow: 'slow' };
const STATE_LABELS: Record<string, string> = {
    PreparingRebalance: 'Preparing',
    CompletingRebalance: 'Completing',
    Stable: 'Stable',
    Empty: 'Empty',
    Dead: 'Dead',
    Assigning: 'Assigning',
    Reconciling: 'Reconciling'
};

type SwatchStyle = 'fill' | 'hatch' | 'outline';

export function buildLegend(container: HTMLElement, models: readonly TraceModel[], palette: Palette): void {
    clear(container);
    if (models.length === 0) return;
    const used = (pick: (m: TraceModel) => Iterable<string>) => {
        const s = new Set<string>();
        for (const m of models) for (const k of pick(m)) s.add(k);
        return s;
    };
    const activity = used((m) => m.trace.activity.map((a) => a.kind));
    const conditions = used((m) => m.trace.conditions.map((c) => c.kind));
    const states = used((m) => m.trace.groupStates.map((s) => s.state));
    const swatch = (color: string, label: string, title?: string, style: SwatchStyle = 'fill') => {
        const sw = h('span', { class: 'swatch' });
        // Drawn as the canvas draws the mark: a fill, stripes, or an outline on the background.
        if (style === 'fill') sw.style.background = color;
        else {
            sw.style.boxSizing = 'border-box';
            sw.style.border = `1px solid ${color}`;
            if (style === 'hatch') sw.style.background = `repeating-linear-gradient(135deg, ${color} 0 1.5px, transparent 1.5px 3.5px)`;
        }
        return h('span', { class: 'key', title: title ?? label }, sw, label);
    };
    const partitions = h('span', { class: 'key', title: 'Each partition keeps its colour in every lane and every run' });
    const firstTopic = models[0].trace.topics[0]?.name ?? 't';
    for (let p = 0; p < 4; p++) {
        const sw = h('span', { class: 'swatch' });
        sw.style.background = palette.color(partitionPaint(firstTopic, p));
        sw.style.width = '5px';
        partitions.append(sw);
    }
    partitions.append('partitions held');
    container.append(partitions);
    for (const [k, label] of Object.entries(ACTIVITY_LABELS)) if (activity.has(k)) container.append(swatch(palette.color(`act:${k}`), label));
    for (const [k, label] of Object.entries(CONDITION_LABELS)) if (conditions.has(k)) container.append(swatch(palette.color(`cond:${k}`), label));
    for (const [k, label] of Object.entries(STATE_LABELS)) if (states.has(k)) container.append(swatch(palette.color(`state:${k}`), label, `group state ${k}`));
    appendKip848Keys(container, models, palette, used, swatch);
    container.append(
        swatch(palette.color('ev:request'), 'request'),
        swatch(palette.color('ev:failed-response'), 'error response'),
        swatch(palette.color('ev:callback'), 'callback'),
        swatch(palette.color('ev:timer'), 'timer')
    );
}

/** KIP-848 marks, only for traces that have them (a classic-only run's legend is unchanged). */
function appendKip848Keys(
    container: HTMLElement,
    models: readonly TraceModel[],
    palette: Palette,
    used: (pick: (m: TraceModel) => Iterable<string>) => Set<string>,
    swatch: (color: string, label: string, title?: string, style?: SwatchStyle) => HTMLElement
): void {
    const types = used((m) => (m.trace.consumerProtocol?.groupTypes ?? []).map((g) => g.type));
    for (const type of ['classic', 'consumer']) if (types.has(type)) container.append(swatch(palette.color(`gtype:${type}`), `${type} group`, `the group's type: ${type}`));
    const targets = used((m) => m.targets.map((t) => (t.owned ? 'owned' : 'pending')));
    const firstTopic = models[0].trace.topics[0]?.name ?? 't';
    if (targets.has('owned'))
        container.append(swatch(palette.color(targetPaint(firstTopic, 0, true)), 'target, held', 'outlined strip under a member’s partitions: the server’s target assignment, a partition the member holds', 'outline'));
    if (targets.has('pending'))
        container.append(swatch(palette.color(targetPaint(firstTopic, 0, false)), 'target, not held yet', 'hatched: the target gives the member a partition it does not hold yet', 'hatch'));
    const recon = used((m) => (m.trace.consumerProtocol?.reconciliations ?? []).map((r) => r.state));
    if (recon.has('UNREVOKED_PARTITIONS')) container.append(swatch(palette.color('recon:UNREVOKED_PARTITIONS'), 'unrevoked', 'the coordinator waits for the member to revoke what the target took away'));
    if (recon.has('UNRELEASED_PARTITIONS')) container.append(swatch(palette.color('recon:UNRELEASED_PARTITIONS'), 'unreleased', 'part of the member’s target is still held by others', 'hatch'));
}

export function buildHelp(container: HTMLElement): void {
    clear(container);
    const table = h('table', {});
    for (const b of KEY_BINDINGS) table.append(h('tr', {}, h('td', {}, h('kbd', {}, b.label)), h('td', {}, b.what)));
    table.append(
        h('tr', {}, h('td', {}, h('kbd', {}, 'Ctrl+wheel')), h('td', {}, 'zoom at the pointer')),
        h('tr', {}, h('td', {}, h('kbd', {}, 'Shift+wheel / drag')), h('td', {}, 'pan')),
        h('tr', {}, h('td', {}, h('kbd', {}, 'click ruler / drag')), h('td', {}, 'scrub')),
        h('tr', {}, h('td', {}, h('kbd', {}, 'click event')), h('td', {}, 'select it, show its line'))
    );
    container.append(h('h3', {}, 'Keys'), table);
}
