/**
 * Keys of the panel. One table, used both to act on a key and to print the help, so the two
 * cannot disagree.
 */

export type Action =
    | 'togglePlay'
    | 'nextMoment'
    | 'previousMoment'
    | 'nextEvent'
    | 'previousEvent'
    | 'nudgeForward'
    | 'nudgeBack'
    | 'start'
    | 'end'
    | 'zoomIn'
    | 'zoomOut'
    | 'fit'
    | 'panLeft'
    | 'panRight'
    | 'faster'
    | 'slower'
    | 'revealSelection'
    | 'help'
    | 'escape';

export interface KeyBinding {
    readonly keys: readonly string[];
    /** What the help shows for the keys. */
    readonly label: string;
    readonly action: Action;
    readonly shift?: boolean;
    readonly what: string;
}

export const KEY_BINDINGS: readonly KeyBinding[] = [
    { keys: [' ', 'k'], label: 'Space / K', action: 'togglePlay', what: 'play / pause' },
    { keys: ['ArrowRight'], label: '→', action: 'nextMoment', what: 'next key moment (timeline event, group state change, error)' },
    { keys: ['ArrowLeft'], label: '←', action: 'previousMoment', what: 'previous key moment' },
    { keys: ['ArrowRight'], shift: true, label: 'Shift+→', action: 'nextEvent', what: 'next protocol event' },
    { keys: ['ArrowLeft'], shift: true, label: 'Shift+←', action: 'previousEvent', what: 'previous protocol event' },
    { keys: ['.'], label: '.', action: 'nudgeForward', what: 'move the playhead forward 1% of the view' },
    { keys: [','], label: ',', action: 'nudgeBack', what: 'move the playhead back 1% of the view' },
    { keys: ['Home'], label: 'Home', action: 'start', what: 'go to the start' },
    { keys: ['End'], label: 'End', action: 'end', what: 'go to the end' },
    { keys: ['+', '=', 'w'], label: '+ / W', action: 'zoomIn', what: 'zoom in around the playhead' },
    { keys: ['-', '_', 's'], label: '− / S', action: 'zoomOut', what: 'zoom out' },
    { keys: ['0'], label: '0', action: 'fit', what: 'show the whole run' },
    { keys: ['a'], label: 'A', action: 'panLeft', what: 'pan left' },
    { keys: ['d'], label: 'D', action: 'panRight', what: 'pan right' },
    { keys: [']'], label: ']', action: 'faster', what: 'play faster' },
    { keys: ['['], label: '[', action: 'slower', what: 'play slower' },
    { keys: ['Enter'], label: 'Enter', action: 'revealSelection', what: 'show the selected event’s line in the editor' },
    { keys: ['?'], label: '?', action: 'help', what: 'show or hide these keys' },
    { keys: ['Escape'], label: 'Esc', action: 'escape', what: 'clear the selection, close the help' }
];

/** The action of a key press, or null. Keys with Ctrl/Meta/Alt are left to VS Code. */
export function actionOf(e: Pick<KeyboardEvent, 'key' | 'shiftKey' | 'ctrlKey' | 'metaKey' | 'altKey'>): Action | null {
    if (e.ctrlKey || e.metaKey || e.altKey) return null;
    const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    // Shift matters only where a binding says so; '+', '?', '_' need Shift on most layouts.
    const exact = KEY_BINDINGS.find((b) => b.keys.includes(key) && !!b.shift === e.shiftKey);
    if (exact) return exact.action;
    const loose = KEY_BINDINGS.find((b) => b.keys.includes(key) && !b.shift);
    return loose?.action ?? null;
}
