/**
 * The overlay layer: playhead, hover and selection highlights, the lane the editor's cursor points
 * at. Cleared and redrawn on pointer moves and playhead moves; cheap by construction (a handful of
 * lines and rectangles), so playing only repaints this layer until the view turns a page.
 */
import { formatInstant } from '../format.js';
import { type Layout, RULER_HEIGHT } from '../layout.js';
import type { Palette } from '../theme.js';
import type { Viewport } from '../viewport.js';
import type { Painter } from './painter.js';

export interface Rect {
    readonly x0: number;
    readonly x1: number;
    readonly y0: number;
    readonly y1: number;
}

export interface OverlayScene {
    readonly layout: Layout;
    readonly viewport: Viewport;
    readonly palette: Palette;
    readonly height: number;
    readonly playhead: number;
    readonly hoverX: number | null;
    readonly hoverRect: Rect | null;
    readonly selectedRect: Rect | null;
    readonly highlightRect: Rect | null;
}

export function drawOverlay(p: Painter, scene: OverlayScene): void {
    const { layout, viewport, palette } = scene;
    const left = layout.contentLeft;
    const right = left + layout.contentWidth;
    const font = `${Math.round(palette.fontSize * 0.78)}px ${palette.mono}`;
    p.clip(0, RULER_HEIGHT, layout.width, scene.height - RULER_HEIGHT);
    if (scene.highlightRect) {
        const r = scene.highlightRect;
        p.strokeRect(1.5, r.y0 + 0.5, layout.width - 3, r.y1 - r.y0 - 1, palette.focus, 2);
    }
    p.unclip();
    p.clip(left, RULER_HEIGHT, layout.contentWidth, scene.height - RULER_HEIGHT);
    if (scene.hoverX !== null && scene.hoverX >= left && scene.hoverX <= right) {
        p.line(Math.round(scene.hoverX) + 0.5, RULER_HEIGHT, Math.round(scene.hoverX) + 0.5, scene.height, palette.muted, 1, [2, 3]);
    }
    for (const [r, color, width] of [
        [scene.selectedRect, palette.focus, 2],
        [scene.hoverRect, palette.fg, 1]
    ] as const) {
        if (!r) continue;
        const x0 = Math.max(left - 2, r.x0);
        const x1 = Math.min(right + 2, r.x1);
        p.strokeRect(x0 - 1.5, r.y0 - 1.5, Math.max(3, x1 - x0 + 3), r.y1 - r.y0 + 3, color, width);
    }
    p.unclip();

    const x = left + viewport.x(scene.playhead);
    if (x >= left - 1 && x <= right + 1) {
        p.line(x, RULER_HEIGHT - 4, x, scene.height, palette.playhead, 1.5);
        const text = formatInstant(scene.playhead, Math.max(1, viewport.span / 10_000));
        const w = p.measure(text, font) + 10;
        const bx = Math.min(Math.max(x - w / 2, left), right - w);
        p.rect(bx, 3, w, RULER_HEIGHT - 8, palette.playhead);
        p.text(text, bx + w / 2, RULER_HEIGHT / 2 - 1, palette.bg, font, 'center');
    }
}
