/** Text for times, durations and counts as the panel shows them. Pure. */

/** `350ms`, `2.5s`, `1m12s`, `1h02m`: a duration, rounded to what a reader needs. */
export function formatDuration(ms: number): string {
    if (!Number.isFinite(ms)) return '—';
    const sign = ms < 0 ? '−' : '';
    ms = Math.abs(ms);
    if (ms < 1000) return `${sign}${trimNumber(ms, ms < 10 ? 2 : ms < 100 ? 1 : 0)}ms`;
    if (ms < 60_000) return `${sign}${trimNumber(ms / 1000, ms < 10_000 ? 2 : 1)}s`;
    if (ms < 3_600_000) {
        const m = Math.floor(ms / 60_000);
        const s = Math.round((ms - m * 60_000) / 1000);
        return s === 60 ? `${sign}${m + 1}m` : s === 0 ? `${sign}${m}m` : `${sign}${m}m${s}s`;
    }
    const h = Math.floor(ms / 3_600_000);
    const m = Math.round((ms - h * 3_600_000) / 60_000);
    return m === 0 ? `${sign}${h}h` : `${sign}${h}h${String(m).padStart(2, '0')}m`;
}

/**
 * An instant on the run's clock with as many decimals as `resolutionMs` needs:
 * `2m`, `2m30s`, `2m30.25s`, `1h05m`, `0s`. Used on the ruler and the playhead.
 */
export function formatInstant(ms: number, resolutionMs = 1): string {
    if (!Number.isFinite(ms)) return '—';
    ms = Math.max(0, ms);
    const h = Math.floor(ms / 3_600_000);
    const m = Math.floor((ms - h * 3_600_000) / 60_000);
    const sMs = ms - h * 3_600_000 - m * 60_000;
    const decimals = resolutionMs >= 1000 ? 0 : resolutionMs >= 100 ? 1 : resolutionMs >= 10 ? 2 : 3;
    let s = sMs / 1000;
    let sText = s.toFixed(decimals);
    if (Number(sText) >= 60) {
        // 59.9996 rounds to 60.000: carry into the minutes instead of printing 60s.
        return formatInstant((h * 60 + m + 1) * 60_000, resolutionMs);
    }
    if (decimals > 0) sText = sText.replace(/\.?0+$/, '');
    s = Number(sText);
    const parts: string[] = [];
    if (h > 0) parts.push(`${h}h`);
    if (m > 0 || h > 0) parts.push(h > 0 ? `${String(m).padStart(2, '0')}m` : `${m}m`);
    if (s > 0 || parts.length === 0) parts.push(`${parts.length > 0 && s < 10 ? '0' : ''}${sText}s`);
    return parts.join('');
}

/** `12,345`, or compact `12.3k` / `4.5M` when `compact`. */
export function formatCount(n: number, compact = false): string {
    if (!Number.isFinite(n)) return '—';
    if (compact) {
        const a = Math.abs(n);
        if (a >= 1e9) return `${trimNumber(n / 1e9, 1)}G`;
        if (a >= 1e6) return `${trimNumber(n / 1e6, 1)}M`;
        if (a >= 1e4) return `${trimNumber(n / 1e3, 0)}k`;
        if (a >= 1e3) return `${trimNumber(n / 1e3, 1)}k`;
    }
    return Math.round(n).toLocaleString('en-US');
}

/** `x` with at most `decimals` decimals and no trailing zeros after the point. */
function trimNumber(x: number, decimals: number): string {
    const s = x.toFixed(decimals);
    return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** `orders[0,1,5] payments[2]` from a partition set, cut after `max` characters. */
export function formatPartitionSet(set: Readonly<Record<string, readonly number[]>>, max = 160): string {
    const text = Object.entries(set)
        .map(([topic, ps]) => `${topic}[${ps.join(',')}]`)
        .join(' ');
    return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
