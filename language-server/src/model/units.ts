/**
 * Typed literals of the language: durations (`250ms`, `1m30s`), rates (`2000/s`, `1.2k/s`)
 * and counts (`10k`, `1M`). Pure functions shared by the checker, hover, inlay hints and the
 * simulator, so every part reads a literal the same way.
 */

const DURATION_UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const COUNT_SUFFIX: Record<string, number> = { '': 1, k: 1000, K: 1000, M: 1_000_000 };

/** `1m30s` → 90000; undefined when the text is not a duration literal. */
export function parseDuration(text: string): number | undefined {
    const part = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;
    let total = 0;
    let consumed = 0;
    for (const match of text.matchAll(part)) {
        if (match.index !== consumed) return undefined;
        total += Number(match[1]) * DURATION_UNIT_MS[match[2]];
        consumed += match[0].length;
    }
    return consumed === text.length && consumed > 0 ? total : undefined;
}

/** `10k` → 10000, `1M` → 1000000, `1.1` → 1.1. */
export function parseCount(text: string): number | undefined {
    const match = /^(\d+(?:\.\d+)?)([kKM]?)$/.exec(text);
    return match ? Number(match[1]) * COUNT_SUFFIX[match[2]] : undefined;
}

/** `2000/s` → 2000, `1.2k/s` → 1200 (records per second). */
export function parseRate(text: string): number | undefined {
    const match = /^(\d+(?:\.\d+)?)([kKM]?)\/s$/.exec(text);
    return match ? Number(match[1]) * COUNT_SUFFIX[match[2]] : undefined;
}

/** 90000 → `1m30s`, 250 → `250ms`, 0 → `0ms`: the shortest exact spelling. */
export function formatDuration(ms: number): string {
    if (!Number.isFinite(ms)) return String(ms);
    if (ms < 0) return '-' + formatDuration(-ms);
    if (ms === 0) return '0ms';
    if (!Number.isInteger(ms)) return `${ms}ms`;
    const units: [string, number][] = [['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]];
    let rest = ms;
    let out = '';
    for (const [unit, size] of units) {
        const n = Math.floor(rest / size);
        if (n > 0) {
            out += `${n}${unit}`;
            rest -= n * size;
        }
    }
    return out;
}

/** 1200 → `1.2k/s`. */
export function formatRate(perSecond: number): string {
    if (perSecond >= 1_000_000 && perSecond % 100_000 === 0) return `${perSecond / 1_000_000}M/s`;
    if (perSecond >= 1000 && perSecond % 100 === 0) return `${perSecond / 1000}k/s`;
    return `${perSecond}/s`;
}

/** 10000 → `10k`. */
export function formatCount(n: number): string {
    if (n >= 1_000_000 && n % 100_000 === 0) return `${n / 1_000_000}M`;
    if (n >= 10_000 && n % 100 === 0) return `${n / 1000}k`;
    return String(n);
}
