/** A tiny element builder. Text always goes through text nodes: nothing from a trace is parsed as HTML. */

type Child = Node | string | number | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
    tag: K,
    props: { class?: string; title?: string; [attr: `data-${string}`]: string; role?: string; 'aria-label'?: string; tabindex?: string; type?: string } = {},
    ...children: Child[]
): HTMLElementTagNameMap[K] {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(props)) {
        if (v === undefined) continue;
        if (k === 'class') el.className = v;
        else el.setAttribute(k, v);
    }
    append(el, children);
    return el;
}

export function append(el: Element, children: readonly Child[]): void {
    for (const c of children) {
        if (c === null || c === undefined || c === false) continue;
        el.append(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    }
}

export function clear(el: Element): void {
    while (el.firstChild) el.firstChild.remove();
}
