/**
 * Colours and fonts of the panel, read from VS Code's theme (CSS variables `--vscode-*`, mapped to
 * `--rebal-*` in styles.ts so the standalone HTML has fallbacks). Canvas cannot use CSS variables,
 * so the palette resolves them once per theme change; every paint key of a model is then turned
 * into a colour string once (`resolvePaints`), not per span.
 */

export interface Palette {
    readonly bg: string;
    readonly fg: string;
    readonly muted: string;
    readonly grid: string;
    readonly border: string;
    readonly playhead: string;
    readonly focus: string;
    readonly rulerBg: string;
    readonly laneAltBg: string;
    readonly font: string;
    readonly mono: string;
    readonly fontSize: number;
    readonly dark: boolean;
    readonly highContrast: boolean;
    readonly chart: Readonly<Record<'red' | 'orange' | 'yellow' | 'green' | 'blue' | 'purple', string>>;
    /** Colour of a paint key (`state:Stable`, `p:orders:3`, …). */
    color(key: string): string;
    /** Translucent veil for a paused stretch over partitions, tinted by the activity's colour. */
    veil(key: string): string;
}

type Rgb = readonly [number, number, number];

export function parseColor(css: string): Rgb | null {
    const s = css.trim();
    let m = /^#([0-9a-f]{3,8})$/i.exec(s);
    if (m) {
        const h = m[1];
        if (h.length === 3 || h.length === 4) return [0, 1, 2].map((i) => parseInt(h[i] + h[i], 16)) as unknown as Rgb;
        if (h.length === 6 || h.length === 8) return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as unknown as Rgb;
        return null;
    }
    m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(s);
    if (m) return [Number(m[1]), Number(m[2]), Number(m[3])];
    return null;
}

const hex = (c: Rgb): string => `#${c.map((v) => Math.round(Math.max(0, Math.min(255, v))).toString(16).padStart(2, '0')).join('')}`;
export const mix = (a: Rgb, b: Rgb, t: number): Rgb => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];

/** Relative luminance (WCAG), 0 = black, 1 = white. */
export function luminance(c: Rgb): number {
    const lin = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2]);
}

function hslToRgb(h: number, s: number, l: number): Rgb {
    const k = (n: number) => (n + h / 30) % 12;
    const a = s * Math.min(l, 1 - l);
    const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
    return [f(0) * 255, f(8) * 255, f(4) * 255];
}

/** A deterministic hue per string (FNV-1a), so a topic has the same colour in every run. */
export function hueOf(text: string): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) {
        h ^= text.charCodeAt(i);
        h = Math.imul(h, 0x01000193);
    }
    return (h >>> 0) % 360;
}

/** The golden angle spreads neighbouring partitions of a topic far apart on the colour wheel. */
const GOLDEN_ANGLE = 137.508;

export interface ThemeSource {
    /** Value of a CSS custom property, already resolved (empty when unset). */
    variable(name: string): string;
    readonly highContrast: boolean;
}

export function readThemeSource(root: HTMLElement = document.body): ThemeSource {
    const style = getComputedStyle(root);
    return {
        variable: (name) => style.getPropertyValue(name).trim(),
        highContrast: root.classList.contains('vscode-high-contrast') || root.classList.contains('vscode-high-contrast-light')
    };
}

export function makePalette(source: ThemeSource): Palette {
    const v = (name: string, fallback: string) => source.variable(name) || fallback;
    const bg = v('--rebal-bg', '#1e1e1e');
    const fg = v('--rebal-fg', '#cccccc');
    const bgRgb = parseColor(bg) ?? [30, 30, 30];
    const fgRgb = parseColor(fg) ?? [204, 204, 204];
    const dark = luminance(bgRgb) < 0.35;
    const hc = source.highContrast;
    const chartRgb = {
        red: parseColor(v('--rebal-red', '#f14c4c')) ?? [241, 76, 76],
        orange: parseColor(v('--rebal-orange', '#d18616')) ?? [209, 134, 22],
        yellow: parseColor(v('--rebal-yellow', '#cca700')) ?? [204, 167, 0],
        green: parseColor(v('--rebal-green', '#89d185')) ?? [137, 209, 133],
        blue: parseColor(v('--rebal-blue', '#3794ff')) ?? [55, 148, 255],
        purple: parseColor(v('--rebal-purple', '#b180d7')) ?? [177, 128, 215]
    } as const;
    const chart = Object.fromEntries(Object.entries(chartRgb).map(([k, c]) => [k, hex(c)])) as unknown as Palette['chart'];
    const mutedRgb = parseColor(v('--rebal-muted', '')) ?? mix(bgRgb, fgRgb, 0.6);
    /** Fill of a large area: the colour softened toward the background (high contrast: kept). */
    const soft = (c: Rgb, t: number) => hex(hc ? c : mix(bgRgb, c, t));

    const fixed: Record<string, string> = {
        'act:processing': soft(chartRgb.green, 0.75),
        'act:idle': soft(mutedRgb, 0.45),
        'act:paused-rebalance': hex(chartRgb.yellow),
        'act:revoking': hex(chartRgb.orange),
        'act:frozen': hex(chartRgb.blue),
        'act:down': hex(chartRgb.red),
        'act:stopped': soft(mutedRgb, 0.3),
        'act:failed': hex(chartRgb.purple),
        'state:Empty': soft(mutedRgb, 0.25),
        'state:PreparingRebalance': soft(chartRgb.orange, 0.55),
        'state:CompletingRebalance': soft(chartRgb.yellow, 0.55),
        'state:Stable': soft(chartRgb.green, 0.3),
        'state:Dead': soft(chartRgb.red, 0.5),
        'state:Assigning': soft(chartRgb.blue, 0.45),
        'state:Reconciling': soft(chartRgb.purple, 0.45),
        'ev:request': hex(chartRgb.blue),
        'ev:response': hex(mix(chartRgb.blue, fgRgb, 0.35)),
        'ev:failed-response': hex(chartRgb.orange),
        'ev:timer': hex(chartRgb.purple),
        'ev:callback': hex(chartRgb.green),
        'ev:state': hex(chartRgb.yellow),
        'ev:log': hex(mutedRgb),
        'ev:error': hex(chartRgb.red),
        'ev:scenario': fg,
        scenario: fg,
        'cond:cut-off': hex(chartRgb.red),
        'cond:zombie': hex(chartRgb.purple),
        'cond:slow': hex(chartRgb.yellow),
        'epoch:0': soft(mutedRgb, 0.3),
        'epoch:1': soft(mutedRgb, 0.18),
        // KIP-848: the coordinator's reconciliation record (UNRELEASED is drawn hatched in its
        // colour), and the group's type.
        // Nothing to wait for: near the background in every theme (high contrast outlines it).
        'recon:STABLE': hex(mix(bgRgb, mutedRgb, 0.14)),
        'recon:UNREVOKED_PARTITIONS': hex(chartRgb.orange),
        'recon:UNRELEASED_PARTITIONS': hex(chartRgb.blue),
        'gtype:classic': soft(mutedRgb, 0.3),
        // Teal: apart from every group state's colour (Assigning is blue, Stable green).
        'gtype:consumer': soft(mix(chartRgb.blue, chartRgb.green, 0.5), 0.4)
    };
    const cache = new Map<string, string>();
    const saturation = hc ? 0.85 : dark ? 0.55 : 0.6;
    const lightness = hc ? (dark ? 0.6 : 0.4) : dark ? 0.6 : 0.5;
    /** `p:orders:3` (and `target:…`, `pending:…`): the partition's own colour. */
    const partitionRgb = (key: string, prefix: number): Rgb => {
        const at = key.lastIndexOf(':');
        const topic = key.slice(prefix, at);
        const partition = Number(key.slice(at + 1));
        return hslToRgb((hueOf(topic) + partition * GOLDEN_ANGLE) % 360, saturation, lightness);
    };
    const color = (key: string): string => {
        let c = cache.get(key) ?? fixed[key];
        if (c !== undefined) return c;
        if (key.startsWith('p:')) {
            c = hex(partitionRgb(key, 2));
        } else if (key.startsWith('target:')) {
            // Target strips are outlines (held) or stripes (not held yet) on the lane's
            // background, so they take the partition's full colour without repeating the fill.
            c = hex(partitionRgb(key, 7));
        } else if (key.startsWith('pending:')) {
            c = hex(partitionRgb(key, 8));
        } else if (key.startsWith('lag:')) {
            c = hex(hslToRgb(hueOf(key.slice(4)), 0.65, dark ? 0.62 : 0.45));
        } else if (key.startsWith('mstate:')) {
            const names = ['blue', 'purple', 'orange', 'green', 'yellow'] as const;
            c = key === 'mstate:STABLE' ? soft(chartRgb.green, 0.35) : soft(chartRgb[names[hueOf(key) % names.length]], 0.5);
        } else {
            c = hex(mutedRgb);
        }
        cache.set(key, c);
        return c;
    };
    const veil = (key: string): string => {
        const c = parseColor(color(key)) ?? mutedRgb;
        const tint = mix(bgRgb, c, 0.22);
        return `rgba(${tint.map(Math.round).join(',')},${hc ? 0.9 : 0.78})`;
    };
    const fontFamily = v('--rebal-font', 'system-ui, sans-serif');
    const fontSize = parseFloat(v('--rebal-font-size', '13px')) || 13;
    return {
        bg,
        fg,
        muted: hex(mutedRgb),
        grid: hex(mix(bgRgb, fgRgb, hc ? 0.5 : dark ? 0.12 : 0.1)),
        border: hc ? v('--rebal-contrast-border', hex(fgRgb)) : hex(mix(bgRgb, fgRgb, 0.22)),
        playhead: v('--rebal-playhead', hex(fgRgb)),
        focus: v('--rebal-focus', '#007fd4'),
        rulerBg: hex(mix(bgRgb, fgRgb, dark ? 0.06 : 0.04)),
        laneAltBg: hex(mix(bgRgb, fgRgb, hc ? 0 : dark ? 0.03 : 0.025)),
        font: fontFamily,
        mono: v('--rebal-mono', 'monospace'),
        fontSize,
        dark,
        highContrast: hc,
        chart,
        color,
        veil
    };
}

/** Colours for every paint id of a model, in id order (what the renderer indexes). */
export function resolvePaints(keys: readonly string[], palette: Palette): string[] {
    return keys.map((k) => palette.color(k));
}
