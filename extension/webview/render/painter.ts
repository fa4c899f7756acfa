/**
 * What the timeline renderer draws with. Two implementations: a 2D canvas (the live panel and
 * PNG export) and an SVG writer (SVG export), so the exported picture is the drawn one.
 */

export interface Painter {
    rect(x: number, y: number, w: number, h: number, color: string): void;
    strokeRect(x: number, y: number, w: number, h: number, color: string, width?: number): void;
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

/** Text baseline is the middle for every painter: `y` is the vertical centre of the text. */
export class CanvasPainter implements Painter {
    private readonly widths = new Map<string, number>();
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
