/**
 * What the timeline renderer draws with. Two implementations: a 2D canvas (the live panel and
 * PNG export) and an SVG writer (SVG export), so the exported picture is the drawn one.
 */

export interface Painter {
    rect(x: number, y: number, w: number, h: number, color: string): void;
    strokeRect(x: number, y: number, w: number, h: number, color: string, width?: number): void;
    /**
     * Diagonal stripes in `color` over the rectangle, the background showing between them; the
     * stripes line up across rectangles (anchored at the picture's origin).
     */
    hatch(x: number, y: number, w: number, h: number, color: string): void;
    line(x1: number, y1: number, x2: number, y2: number, color: string, width?: number, dash?: readonly number[]): void;
    /** A polyline through (x, y) pairs. */
    path(points: readonly number[], color: string, width?: number, dash?: readonly number[]): void;
    /** A filled area between a polyline and the baseline y. */
    area(points: readonly number[], baseline: number, color: string, alpha: number): void;
    text(s: string, x: number, y: number, color: string, font: string, align?: 'left' | 'right' | 'center'): void;
    measure(s: string, font: string): number;
    clip(x: number, y: number, w: number, h: number): void;
    unclip(): void;
}

/** Period of the hatching, CSS pixels (both directions: stripes at 45°). */
export const HATCH_PERIOD = 5;

/** Text baseline is the middle for every painter: `y` is the vertical centre of the text. */
export class CanvasPainter implements Painter {
    private readonly widths = new Map<string, number>();
    private readonly hatches = new Map<string, CanvasPattern | null>();
    constructor(readonly ctx: CanvasRenderingContext2D) {
        ctx.textBaseline = 'middle';
    }
    rect(x: number, y: number, w: number, h: number, color: string): void {
        this.ctx.fillStyle = color;
        this.ctx.fillRect(x, y, w, h);
    }
    strokeRect(x: number, y: number, w: number, h: number, color: string, width = 1): void {
        this.ctx.strokeStyle = color;
        this.ctx.lineWidth = width;
        this.ctx.strokeRect(x, y, w, h);
    }
    hatch(x: number, y: number, w: number, h: number, color: string): void {
        const pattern = this.hatchPattern(color);
        if (!pattern) return this.rect(x, y, w, h, color);
        this.ctx.fillStyle = pattern;
        this.ctx.fillRect(x, y, w, h);
    }
    /**
     * A tile with one stripe, drawn pixel by pixel at the device's resolution (no antialiasing, so
     * a stripe pixel is exactly `color`), mapped back to CSS pixels by the pattern's transform.
     */
    private hatchPattern(color: string): CanvasPattern | null {
        const scale = Math.max(1, Math.round(this.ctx.getTransform().a));
        const key = `${scale}\u0000${color}`;
        if (this.hatches.has(key)) return this.hatches.get(key)!;
        const n = HATCH_PERIOD * scale;
        const tile = document.createElement('canvas');
        tile.width = n;
        tile.height = n;
        const t = tile.getContext('2d');
        let pattern: CanvasPattern | null = null;
        if (t) {
            t.fillStyle = color;
            const thick = Math.max(1, Math.round(1.5 * scale));
            // Rising stripe: x + y = n - 1 (mod n), `thick` device pixels wide.
            for (let row = 0; row < n; row++) for (let k = 0; k < thick; k++) t.fillRect((n - 1 - row + k) % n, row, 1, 1);
            pattern = this.ctx.createPattern(tile, 'repeat');
            pattern?.setTransform(new DOMMatrix([1 / scale, 0, 0, 1 / scale, 0, 0]));
        }
        this.hatches.set(key, pattern);
        return pattern;
    }
    line(x1: number, y1: number, x2: number, y2: number, color: string, width = 1, dash: readonly number[] = []): void {
        const c = this.ctx;
        c.strokeStyle = color;
        c.lineWidth = width;
        c.setLineDash([...dash]);
        c.beginPath();
        c.moveTo(x1, y1);
        c.lineTo(x2, y2);
        c.stroke();
        c.setLineDash([]);
    }
    path(points: readonly number[], color: string, width = 1, dash: readonly number[] = []): void {
        if (points.length < 4) return;
        const c = this.ctx;
        c.strokeStyle = color;
        c.lineWidth = width;
        c.setLineDash([...dash]);
        c.beginPath();
        c.moveTo(points[0], points[1]);
        for (let i = 2; i < points.length; i += 2) c.lineTo(points[i], points[i + 1]);
        c.stroke();
        c.setLineDash([]);
    }
    area(points: readonly number[], baseline: number, color: string, alpha: number): void {
        if (points.length < 4) return;
        const c = this.ctx;
        c.globalAlpha = alpha;
        c.fillStyle = color;
        c.beginPath();
        c.moveTo(points[0], baseline);
        for (let i = 0; i < points.length; i += 2) c.lineTo(points[i], points[i + 1]);
        c.lineTo(points[points.length - 2], baseline);
        c.closePath();
        c.fill();
        c.globalAlpha = 1;
    }
    text(s: string, x: number, y: number, color: string, font: string, align: 'left' | 'right' | 'center' = 'left'): void {
        const c = this.ctx;
        c.font = font;
        c.fillStyle = color;
        c.textAlign = align;
        c.fillText(s, x, y);
    }
    measure(s: string, font: string): number {
        const key = `${font}\u0000${s}`;
        let w = this.widths.get(key);
        if (w === undefined) {
            this.ctx.font = font;
            w = this.ctx.measureText(s).width;
            if (this.widths.size > 20_000) this.widths.clear();
            this.widths.set(key, w);
        }
        return w;
    }
    clip(x: number, y: number, w: number, h: number): void {
        this.ctx.save();
        this.ctx.beginPath();
        this.ctx.rect(x, y, w, h);
        this.ctx.clip();
    }
    unclip(): void {
        this.ctx.restore();
    }
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
const n = (v: number) => (Math.round(v * 100) / 100).toString();

/** Writes SVG elements; measures text with a canvas so labels are placed as on screen. */
export class SvgPainter implements Painter {
    private readonly parts: string[] = [];
    private clipId = 0;
    private openGroups = 0;
    private readonly hatchIds = new Map<string, string>();
    constructor(
        private readonly width: number,
        private readonly height: number,
        private readonly measurer: Pick<Painter, 'measure'>,
        background: string
    ) {
        this.rect(0, 0, width, height, background);
    }
    rect(x: number, y: number, w: number, h: number, color: string): void {
        this.parts.push(`<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" fill="${esc(color)}"/>`);
    }
    strokeRect(x: number, y: number, w: number, h: number, color: string, width = 1): void {
        this.parts.push(`<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" fill="none" stroke="${esc(color)}" stroke-width="${n(width)}"/>`);
    }
    hatch(x: number, y: number, w: number, h: number, color: string): void {
        let id = this.hatchIds.get(color);
        if (id === undefined) {
            // One pattern per colour, defined where first used (SVG allows <defs> anywhere).
            id = `h${this.hatchIds.size}`;
            this.hatchIds.set(color, id);
            const p = HATCH_PERIOD;
            this.parts.push(
                `<defs><pattern id="${id}" class="hatch" width="${p}" height="${p}" patternUnits="userSpaceOnUse"><path d="M-1,1 L1,-1 M0,${p} L${p},0 M${p - 1},${p + 1} L${p + 1},${p - 1}" stroke="${esc(color)}" stroke-width="1.5"/></pattern></defs>`
            );
        }
        this.parts.push(`<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" fill="url(#${id})"/>`);
    }
    line(x1: number, y1: number, x2: number, y2: number, color: string, width = 1, dash: readonly number[] = []): void {
        const d = dash.length ? ` stroke-dasharray="${dash.join(' ')}"` : '';
        this.parts.push(`<line x1="${n(x1)}" y1="${n(y1)}" x2="${n(x2)}" y2="${n(y2)}" stroke="${esc(color)}" stroke-width="${n(width)}"${d}/>`);
    }
    path(points: readonly number[], color: string, width = 1, dash: readonly number[] = []): void {
        if (points.length < 4) return;
        const d = dash.length ? ` stroke-dasharray="${dash.join(' ')}"` : '';
        const pts: string[] = [];
        for (let i = 0; i < points.length; i += 2) pts.push(`${n(points[i])},${n(points[i + 1])}`);
        this.parts.push(`<polyline points="${pts.join(' ')}" fill="none" stroke="${esc(color)}" stroke-width="${n(width)}"${d}/>`);
    }
    area(points: readonly number[], baseline: number, color: string, alpha: number): void {
        if (points.length < 4) return;
        const pts: string[] = [`${n(points[0])},${n(baseline)}`];
        for (let i = 0; i < points.length; i += 2) pts.push(`${n(points[i])},${n(points[i + 1])}`);
        pts.push(`${n(points[points.length - 2])},${n(baseline)}`);
        this.parts.push(`<polygon points="${pts.join(' ')}" fill="${esc(color)}" fill-opacity="${alpha}"/>`);
    }
    text(s: string, x: number, y: number, color: string, font: string, align: 'left' | 'right' | 'center' = 'left'): void {
        const anchor = align === 'left' ? 'start' : align === 'right' ? 'end' : 'middle';
        const size = /(\d+(?:\.\d+)?)px/.exec(font)?.[1] ?? '12';
        const family = font.replace(/^.*?\d+(?:\.\d+)?px\s*/, '');
        const weight = /\bbold\b|\b[6-9]00\b/.test(font) ? ' font-weight="bold"' : '';
        this.parts.push(
            `<text x="${n(x)}" y="${n(y)}" fill="${esc(color)}" font-size="${size}" font-family="${esc(family)}"${weight} text-anchor="${anchor}" dominant-baseline="central">${esc(s)}</text>`
        );
    }
    measure(s: string, font: string): number {
        return this.measurer.measure(s, font);
    }
    clip(x: number, y: number, w: number, h: number): void {
        const id = `c${this.clipId++}`;
        this.parts.push(`<clipPath id="${id}"><rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}"/></clipPath><g clip-path="url(#${id})">`);
        this.openGroups++;
    }
    unclip(): void {
        if (this.openGroups > 0) {
            this.parts.push('</g>');
            this.openGroups--;
        }
    }
    toString(): string {
        const close = '</g>'.repeat(this.openGroups);
        return `<svg xmlns="http://www.w3.org/2000/svg" width="${this.width}" height="${this.height}" viewBox="0 0 ${this.width} ${this.height}">${this.parts.join('')}${close}</svg>`;
    }
}
