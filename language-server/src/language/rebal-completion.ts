/**
 * Completion. Langium's grammar-driven completion proposes the keywords and cross-references
 * the grammar allows at the cursor (statement keywords, event kinds, expectation subjects,
 * topics, groups, members). What the grammar cannot know comes from the property catalog and
 * the file: the property keys valid in the block the cursor is in, typed values after `=`,
 * member-set members (`worker3`), durations after `every`/`down`/`for`, group states and
 * Kafka error names after an expectation's operator.
 *
 * The slot under the cursor is read from the tokens of the current line and the brace
 * structure around it, not from the AST, so half-typed input (`group g {\n  session.`,
 * `at 2m `, `expect `) completes although the parser had to recover from it.
 */
import { AstUtils, CstUtils, GrammarAST, stream, type AstNode, type AstNodeDescription, type LangiumDocument, type LangiumDocuments, type ReferenceInfo, type Stream } from 'langium';
import { DefaultCompletionProvider, type CompletionAcceptor, type CompletionBacktrackingInformation, type CompletionContext, type CompletionProviderOptions, type LangiumServices, type NextFeature } from 'langium/lsp';
import { CompletionItemKind, CompletionList, type CompletionItem, type CompletionParams, type MarkupContent, type Range } from 'vscode-languageserver';
import type { CancellationToken } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import * as ast from './generated/ast.js';
import { CLIENT_ASSIGNORS, PROPERTIES, propertiesInScope, type PropertyInfo, type PropertyScope } from '../model/properties.js';
import { formatDuration, parseDuration } from '../model/units.js';
import { importClosure } from './imports.js';
import { declaredMembers, setBounds } from './members.js';
import { readLayer } from './settings.js';
import { analyseGroup } from './validation/group-analysis.js';
import { suggestedHeartbeat } from './validation/group-checks.js';
import { EVENT_KINDS, EXPECT_SUBJECTS, GROUP_STATES, KAFKA_ERRORS, formatPropertyValue, unsetMeaning, type UnsetPlace } from './rebal-hover.js';
import { UNSET } from './values.js';

// ---- reading the slot under the cursor --------------------------------------------------------

interface Tok {
    readonly image: string;
    readonly offset: number;
    readonly end: number;
    /** Terminal name (`ID`, `DURATION`, …) or the keyword itself. */
    readonly type: string;
}

type BlockKind = 'top' | 'cluster' | 'topic' | 'group' | 'consumer' | 'consumers' | 'scenario' | 'with' | 'other';

interface Block {
    readonly kind: BlockKind;
    readonly name?: string;
    /** Index of the first token inside the braces. */
    readonly bodyStart: number;
    /** Offset just after `{` (0 at the top). */
    readonly bodyOffset: number;
}

/** What may be written at the cursor, as far as the catalog and the file can tell. */
export type Slot =
    | { kind: 'key'; scope: PropertyScope; written: ReadonlySet<string> }
    | { kind: 'value'; key: string; scope: PropertyScope }
    | { kind: 'list-item'; key: string; listed: readonly string[] }
    | { kind: 'event-kind' }
    | { kind: 'members'; allowAll: boolean }
    | { kind: 'topics' }
    | { kind: 'groups' }
    | { kind: 'partition'; topic: string }
    | { kind: 'duration'; what: string }
    | { kind: 'count'; what: string }
    | { kind: 'rate'; what: string }
    | { kind: 'subjects' }
    | { kind: 'expect-value'; subject: string }
    | { kind: 'none' };

const WORD = /^[A-Za-z_][A-Za-z0-9_]*(-[A-Za-z0-9_]+)*$/;
const isWord = (t: Tok | undefined): t is Tok => t !== undefined && WORD.test(t.image);
const COMPARE_OPS = new Set(['==', '!=', '<', '<=', '>', '>=']);

const BLOCK_SCOPE: Partial<Record<BlockKind, PropertyScope>> = {
    cluster: 'cluster',
    topic: 'topic',
    group: 'group',
    consumer: 'member',
    consumers: 'member',
    with: 'member',
    scenario: 'scenario'
};

/** Reads a dotted key (`a.b.c`) starting at `i`; returns it and the index after it. */
function readDotted(st: readonly Tok[], i: number): { text: string; next: number } | undefined {
    if (!isWord(st[i])) return undefined;
    let text = st[i].image;
    let j = i + 1;
    while (st[j]?.image === '.' && isWord(st[j + 1])) {
        text += '.' + st[j + 1].image;
        j += 2;
    }
    return { text, next: j };
}

/** The index just after one value starting at `i` (a literal, `-n`, `[…]`, `f(…)`, `t[n]`). */
function skipValue(st: readonly Tok[], i: number): number | undefined {
    if (i >= st.length) return undefined;
    if (st[i].image === '-') return i + 1 < st.length ? i + 2 : undefined;
    const close = (open: string, shut: string, from: number): number | undefined => {
        let depth = 0;
        for (let j = from; j < st.length; j++) {
            if (st[j].image === open) depth++;
            else if (st[j].image === shut && --depth === 0) return j + 1;
        }
        return undefined;
    };
    if (st[i].image === '[') return close('[', ']', i);
    const dotted = readDotted(st, i);
    if (dotted) {
        if (st[dotted.next]?.image === '(') return close('(', ')', dotted.next);
        if (st[dotted.next]?.image === '[') return close('[', ']', dotted.next);
        return dotted.next;
    }
    return i + 1;
}

/** A member reference: `c1`, `worker[2..4]`. Returns the index after it. */
function skipMemberRef(st: readonly Tok[], i: number): number | undefined {
    if (!isWord(st[i])) return undefined;
    let j = i + 1;
    if (st[j]?.image === '[') {
        while (j < st.length && st[j].image !== ']') j++;
        if (j >= st.length) return undefined;
        j++;
    }
    return j;
}

/** `all` or `m1, m2[1..3], …`: the index after the targets, or `open` when more are expected. */
function readTargets(st: readonly Tok[], i: number): { next: number; open: boolean } {
    if (i >= st.length) return { next: i, open: true };
    if (st[i].image === 'all') return { next: i + 1, open: false };
    let j = i;
    for (;;) {
        const after = skipMemberRef(st, j);
        if (after === undefined) return { next: j, open: true };
        if (st[after]?.image === ',') {
            j = after + 1;
            if (j >= st.length) return { next: j, open: true };
            continue;
        }
        return { next: after, open: false };
    }
}

function headerOf(tokens: readonly Tok[], brace: number): { kind: BlockKind; name?: string } {
    let j = brace - 1;
    if (tokens[j]?.image === 'with') return { kind: 'with' };
    if (tokens[j]?.image === 'cluster') return { kind: 'cluster' };
    if (tokens[j]?.image === ']') {
        while (j >= 0 && tokens[j].image !== '[') j--;
        if (isWord(tokens[j - 1]) && tokens[j - 2]?.image === 'consumers') return { kind: 'consumers', name: tokens[j - 1].image };
        return { kind: 'other' };
    }
    const nameEnd = j;
    while (isWord(tokens[j]) && tokens[j - 1]?.image === '.') j -= 2;
    if (!isWord(tokens[j])) return { kind: 'other' };
    const name = tokens
        .slice(j, nameEnd + 1)
        .map((t) => t.image)
        .join('');
    const keyword = tokens[j - 1]?.image;
    if (keyword === 'topic' || keyword === 'group' || keyword === 'consumer' || keyword === 'scenario') return { kind: keyword, name };
    return { kind: 'other' };
}

/** The blocks open at `index` (outermost first). */
export function openBlocks(tokens: readonly Tok[], index: number): Block[] {
    const stack: Block[] = [{ kind: 'top', bodyStart: 0, bodyOffset: 0 }];
    for (let i = 0; i < index; i++) {
        const image = tokens[i].image;
        if (image === '{') stack.push({ ...headerOf(tokens, i), bodyStart: i + 1, bodyOffset: tokens[i].end });
        else if (image === '}' && stack.length > 1) stack.pop();
    }
    return stack;
}

/** Keys written directly in the block (for not proposing them twice). */
function keysInBlock(tokens: readonly Tok[], block: Block, cursor: number): Set<string> {
    const keys = new Set<string>();
    let depth = 0;
    for (let i = block.bodyStart; i < tokens.length; i++) {
        const t = tokens[i];
        if (t.image === '{' || t.image === '[' || t.image === '(') depth++;
        else if (t.image === '}' || t.image === ']' || t.image === ')') {
            if (depth === 0) break;
            depth--;
        } else if (depth === 0 && isWord(t) && tokens[i - 1]?.image !== '.') {
            const key = readDotted(tokens, i);
            if (key && tokens[key.next]?.image === '=' && !(t.offset <= cursor && cursor <= tokens[key.next - 1].end)) keys.add(key.text);
        }
    }
    return keys;
}

/**
 * Removes the complete `key = value` pairs at the front of a statement (several pairs share a
 * line in `topic t { partitions = 12  produce = 2000/s }`).
 */
function dropCompletePairs(st: readonly Tok[]): readonly Tok[] {
    let rest = st;
    for (;;) {
        const key = readDotted(rest, 0);
        if (!key || rest[key.next]?.image !== '=') return rest;
        // The word being typed is not in `st`, so a value here is complete.
        const end = skipValue(rest, key.next + 1);
        if (end === undefined) return rest;
        rest = rest.slice(end);
    }
}

/** The slot of a property-like statement: a key, or the value of `key =`. */
function propertySlot(st: readonly Tok[], scope: PropertyScope, written: ReadonlySet<string>): Slot {
    const rest = dropCompletePairs(st);
    if (rest.length === 0) return { kind: 'key', scope, written };
    const key = readDotted(rest, 0);
    if (!key || rest[key.next]?.image !== '=') return { kind: 'none' };
    const value = rest.slice(key.next + 1);
    if (value.length === 0 || (value.length === 1 && value[0].image === '-')) return { kind: 'value', key: key.text, scope };
    if (value[0].image === '[' && !value.some((t) => t.image === ']')) {
        const listed = value.filter(isWord).map((t) => t.image);
        const last = value[value.length - 1].image;
        return last === '[' || last === ',' ? { kind: 'list-item', key: key.text, listed } : { kind: 'none' };
    }
    return { kind: 'none' };
}

function eventSlot(st: readonly Tok[]): Slot {
    // st[0] is `at`.
    if (st.length === 1) return { kind: 'none' };
    if (st.length === 2) return { kind: 'event-kind' };
    const kind = st[2].image;
    const args = 3;
    switch (kind) {
        case 'add-partitions':
        case 'produce': {
            if (st.length === args) return { kind: 'topics' };
            const topic = readDotted(st, args);
            if (topic && topic.next === st.length) return kind === 'produce' ? { kind: 'rate', what: 'produce' } : { kind: 'count', what: 'add-partitions' };
            return { kind: 'none' };
        }
        case 'coordinator-failover':
            return { kind: 'none' };
    }
    if (!EVENT_KINDS[kind]) return { kind: 'none' };
    const targets = readTargets(st, args);
    if (targets.open) return { kind: 'members', allowAll: targets.next === args };
    const rest = st.slice(targets.next);
    switch (kind) {
        case 'gc-pause':
        case 'network-partition':
            return rest.length === 0 ? { kind: 'duration', what: kind } : { kind: 'none' };
        case 'subscribe': {
            if (rest.length === 0 || rest[rest.length - 1].image === ',') return { kind: 'topics' };
            return { kind: 'none' };
        }
        case 'slow': {
            const forAt = rest.findIndex((t) => t.image === 'for');
            if (forAt >= 0) return forAt === rest.length - 1 ? { kind: 'duration', what: 'for' } : { kind: 'none' };
            // After the one `key = value`, only `for` may follow (a keyword Langium proposes).
            if (rest.length > 0 && dropCompletePairs(rest).length === 0) return { kind: 'none' };
            return propertySlot(rest, 'member', new Set());
        }
        case 'restart':
        case 'rolling-restart': {
            const last = rest[rest.length - 1]?.image;
            if (last === 'every' || last === 'down') return { kind: 'duration', what: last };
            return { kind: 'none' };
        }
    }
    return { kind: 'none' };
}

function expectSlot(st: readonly Tok[]): Slot {
    // st[0] is `expect`.
    if (st.length === 1) return { kind: 'subjects' };
    const subject = st[1].image;
    const info = EXPECT_SUBJECTS[subject];
    if (!info) return { kind: 'none' };
    let i = 2;
    if (info.takes === 'member') {
        if (i === st.length) return { kind: 'members', allowAll: false };
        const after = skipMemberRef(st, i);
        if (after === undefined) return { kind: 'none' };
        i = after;
    } else if (info.takes === 'topic' || info.takes === 'partition') {
        if (i === st.length) return { kind: 'topics' };
        const topic = readDotted(st, i);
        if (!topic) return { kind: 'none' };
        i = topic.next;
        if (info.takes === 'partition') {
            if (st[i]?.image !== '[') return { kind: 'none' };
            if (i + 1 === st.length) return { kind: 'partition', topic: topic.text };
            if (st[i + 2]?.image !== ']') return { kind: 'none' };
            i += 3;
        }
    }
    if (st[i]?.image === 'at') {
        if (i + 1 === st.length) return { kind: 'duration', what: 'at' };
        i += 2;
    }
    if (i < st.length && COMPARE_OPS.has(st[i].image)) {
        if (i + 1 === st.length) return { kind: 'expect-value', subject };
        if (st[i + 1].image === '[' && !st.slice(i + 1).some((t) => t.image === ']')) return { kind: 'expect-value', subject };
    }
    return { kind: 'none' };
}

function scenarioSlot(st: readonly Tok[], written: ReadonlySet<string>): Slot {
    switch (st[0]?.image) {
        case 'at':
            return eventSlot(st);
        case 'expect':
            return expectSlot(st);
        case 'duration':
            return st.length === 1 ? { kind: 'duration', what: 'duration' } : { kind: 'none' };
        case 'group':
            return st.length === 1 ? { kind: 'groups' } : { kind: 'none' };
        case 'seed':
            return { kind: 'none' };
    }
    return propertySlot(st, 'scenario', written);
}

/**
 * The part of the file a completion request reads: from the start of the top-level element
 * around the cursor to the start of the next one. A slot never reaches past its top-level
 * element, and the grammar starts over at each one, so a 50,000-line file costs what its one
 * block costs. An element that starts after a syntax error may be one the parser invented
 * while recovering (a `group` line inside an unclosed scenario), so the window never starts
 * after the first syntax error.
 */
export function windowOf(document: LangiumDocument, offset: number): { start: number; end: number } {
    const root = document.parseResult.value as ast.Document;
    const length = document.textDocument.getText().length;
    let firstError = length;
    for (const error of document.parseResult.parserErrors) {
        const at = error.token.startOffset;
        if (Number.isFinite(at) && at < firstError) firstError = at;
    }
    const limit = Math.min(offset, firstError);
    let start = 0;
    let end = length;
    for (const element of [...(root.imports ?? []), ...(root.elements ?? [])]) {
        const cst = element.$cstNode;
        if (!cst) continue;
        if (cst.offset <= limit) start = cst.offset;
        else if (cst.offset > offset) {
            end = cst.offset;
            break;
        }
    }
    return { start, end };
}

export interface SlotAnalysis {
    readonly slot: Slot;
    readonly blocks: readonly Block[];
    readonly tokens: readonly Tok[];
    /** Where the word being typed starts (dotted keys included). */
    readonly prefixStart: number;
    readonly prefix: string;
}

/** Reads the slot at `offset` of `text`; `tokens` are the text's tokens (comments excluded). */
export function analyseSlot(text: string, tokens: readonly Tok[], offset: number): SlotAnalysis {
    const prefix = /[A-Za-z0-9_.-]*$/.exec(text.slice(Math.max(0, offset - 200), offset))![0].replace(/^[.-]+/, '');
    const prefixStart = offset - prefix.length;
    let index = 0;
    while (index < tokens.length && tokens[index].offset < prefixStart) index++;
    const before = tokens.slice(0, index).filter((t) => t.end <= prefixStart);
    const blocks = openBlocks(before, before.length);
    const block = blocks[blocks.length - 1];
    const lineStart = text.lastIndexOf('\n', prefixStart - 1) + 1;
    const from = Math.max(lineStart, block.bodyOffset);
    let st = before.filter((t) => t.offset >= from && t.offset >= 0);
    const lastBrace = st.map((t) => t.image).lastIndexOf('}');
    if (lastBrace >= 0) st = st.slice(lastBrace + 1);
    const written = keysInBlock(tokens, block, offset);
    const result = (slot: Slot): SlotAnalysis => ({ slot, blocks, tokens, prefixStart, prefix });
    if (block.kind === 'scenario') return result(scenarioSlot(st, written));
    const scope = BLOCK_SCOPE[block.kind];
    if (!scope) return result({ kind: 'none' });
    if (block.kind === 'group' && st[0]) {
        if (st[0].image === 'subscribe') {
            return result(st.length === 1 || st[st.length - 1].image === ',' ? { kind: 'topics' } : { kind: 'none' });
        }
        if (st[0].image === 'consumer' || st[0].image === 'consumers') return result({ kind: 'none' });
    }
    return result(propertySlot(st, scope, written));
}

// ---- what to propose ----------------------------------------------------------------------

const TYPICAL_DURATIONS = ['100ms', '250ms', '500ms', '1s', '3s', '5s', '10s', '30s', '45s', '1m', '2m', '5m', '10m', '30m'];
const TYPICAL_COUNTS: Record<string, number[]> = {
    partitions: [3, 6, 12, 24, 48],
    'max.poll.records': [100, 500, 1000],
    'add-partitions': [1, 2, 6, 12]
};
const TYPICAL_RATES = ['100/s', '500/s', '1k/s', '2000/s', '10k/s'];
const EVENT_DURATIONS: Record<string, string[]> = {
    'gc-pause': ['5s', '20s', '35s', '50s', '1m'],
    'network-partition': ['10s', '30s', '50s', '1m'],
    every: ['20s', '30s', '40s', '1m'],
    down: ['5s', '10s', '20s', '30s'],
    for: ['30s', '1m', '2m', '5m'],
    duration: ['5m', '10m', '15m', '30m'],
    at: ['30s', '1m', '2m', '5m', '10m']
};

/** Assignors of `partition.assignment.strategy`, in our words (kafka-semantics.md §3). */
const ASSIGNOR_DOCS: Record<string, string> = {
    range: 'Per topic, consecutive partition ranges to members sorted by member id. EAGER: every rebalance revokes everything.',
    roundrobin: 'All partitions dealt round-robin over members sorted by member id. EAGER.',
    sticky: 'Balanced and keeps as many partitions as possible where they were, but still EAGER: revokes everything, then hands most back.',
    'cooperative-sticky': 'Sticky, and COOPERATIVE: only the partitions that move are revoked, in a follow-up rebalance; the others keep being consumed.'
};

const ENUM_LIST_PRESETS: Record<string, { value: string; doc: string }[]> = {
    'partition.assignment.strategy': [
        { value: '[cooperative-sticky]', doc: 'COOPERATIVE rebalancing: only moved partitions are revoked. The target of an eager→cooperative upgrade.' },
        { value: '[cooperative-sticky, range]', doc: 'The first bounce of an eager→cooperative upgrade: every member supports both, the group keeps running range EAGER until the second bounce.' },
        { value: '[range, cooperative-sticky]', doc: 'Kafka\'s default: runs EAGER range.' },
        { value: '[range]', doc: 'EAGER range only.' },
        { value: '[roundrobin]', doc: 'EAGER round-robin.' },
        { value: '[sticky]', doc: 'EAGER sticky.' }
    ]
};

function md(value: string): MarkupContent {
    return { kind: 'markdown', value };
}

function typeName(info: PropertyInfo): string {
    switch (info.type.kind) {
        case 'enum':
            return info.type.values.join(' | ');
        case 'enum-list':
            return `list of ${info.type.values.join(' | ')}`;
        case 'skew':
            return 'uniform | zipf(s)';
        default:
            return info.type.kind;
    }
}

function keyDocumentation(info: PropertyInfo): MarkupContent {
    const origin = info.origin === 'simulation' ? 'Simulation setting.' : info.origin === 'topic' ? 'Topic setting.' : `Kafka ${info.origin === 'kafka-broker' ? 'broker' : info.origin === 'kafka-group-config' ? 'group' : 'consumer'} property${info.protocol ? ` (${info.protocol} protocol)` : ''}.`;
    return md(`${info.doc}\n\nDefault: \`${formatPropertyValue(info, info.default)}\`. ${origin}`);
}

interface ItemSink {
    add(item: CompletionItem): void;
}

export class RebalCompletionProvider extends DefaultCompletionProvider {
    private readonly documents: LangiumDocuments;

    override readonly completionOptions: CompletionProviderOptions = { triggerCharacters: ['.', '['] };

    constructor(services: LangiumServices) {
        super(services);
        this.documents = services.shared.workspace.LangiumDocuments;
    }

    /** The window of the request in progress (see `windowOf`), for Langium's own steps. */
    private window: { readonly text: string; readonly start: number } | undefined;

    override async getCompletion(document: LangiumDocument, params: CompletionParams, cancelToken?: CancellationToken): Promise<CompletionList | undefined> {
        const text = document.textDocument.getText();
        const offset = document.textDocument.offsetAt(params.position);
        const window = windowOf(document, offset);
        const tokens = this.tokensOf(text.slice(window.start, window.end), window.start);
        const analysis = analyseSlot(text, tokens, offset);
        const own = new Map<string, CompletionItem>();
        const range: Range = {
            start: document.textDocument.positionAt(analysis.prefixStart),
            end: document.textDocument.positionAt(offset + (/^[A-Za-z0-9_.-]*/.exec(text.slice(offset, offset + 200))?.[0].length ?? 0))
        };
        const sink: ItemSink = {
            add: (item) => {
                if (own.has(item.label)) return;
                if (analysis.prefix && !this.fuzzyMatcher.match(analysis.prefix, item.filterText ?? item.label)) return;
                const newText = item.insertText ?? item.label;
                own.set(item.label, { ...item, insertText: undefined, textEdit: { range, newText } });
            }
        };
        this.proposeForSlot(analysis, document, offset, text, sink);
        this.window = { text, start: window.start };
        let base: CompletionItem[];
        try {
            base = (await super.getCompletion(document, params, cancelToken))?.items ?? [];
        } finally {
            this.window = undefined;
        }
        const items = [...own.values(), ...base.filter((item) => !own.has(item.label))];
        return CompletionList.create(items, true);
    }

    private tokensOf(text: string, base: number): Tok[] {
        return this.lexer.tokenize(text).tokens.map((t) => ({ image: t.image, offset: base + t.startOffset, end: base + t.startOffset + t.image.length, type: t.tokenType.name }));
    }

    // Keywords the grammar allows only as names (`Name: ID | 'consumer' | …`) are not
    // proposals. They must go before Langium de-duplicates features by keyword text, or
    // `'subscribe'` the name would hide `'subscribe'` the statement.
    // Parsed from the window's start (a top-level element: the grammar starts over there),
    // not from the top of the file.
    protected override findFeaturesAt(document: LangiumDocument['textDocument'], offset: number): NextFeature[] {
        const text = document.getText();
        const start = this.window?.text === text && offset >= this.window.start ? this.window.start : 0;
        const windowed = start === 0 ? document : TextDocument.create(document.uri, document.languageId, document.version, text.slice(start, offset));
        return super.findFeaturesAt(windowed, offset - start).filter((f) => !(GrammarAST.isKeyword(f.feature) && AstUtils.getContainerOfType(f.feature, GrammarAST.isParserRule)?.name === 'Name'));
    }

    // Langium tokenises the whole text to find the tokens around the cursor; the window's
    // line is enough.
    protected override backtrackToAnyToken(text: string, offset: number): CompletionBacktrackingInformation {
        const start = this.window?.text === text && offset >= this.window.start ? this.window.start : 0;
        if (start === 0) return super.backtrackToAnyToken(text, offset);
        const lineEnd = text.indexOf('\n', offset);
        const found = super.backtrackToAnyToken(text.slice(start, lineEnd < 0 ? text.length : lineEnd), offset - start);
        const shift = (n: number | undefined) => (n === undefined ? undefined : n + start);
        return {
            nextTokenStart: found.nextTokenStart + start,
            nextTokenEnd: found.nextTokenEnd + start,
            previousTokenStart: shift(found.previousTokenStart),
            previousTokenEnd: shift(found.previousTokenEnd)
        };
    }

    // Langium builds the reference from the node before the cursor, which after a list of
    // members (`subscribe worker2 ▮`) is the MemberRef, not the action that owns `topics`;
    // it then throws and logs. Look up the container that really has the reference.
    protected override getReferenceCandidates(refInfo: ReferenceInfo, context: CompletionContext): Stream<AstNodeDescription> {
        for (let container: AstNode | undefined = refInfo.container; container; container = container.$container) {
            try {
                this.astReflection.getReferenceType({ ...refInfo, container });
            } catch {
                continue;
            }
            return super.getReferenceCandidates({ ...refInfo, container }, context);
        }
        return stream([]);
    }

    // Langium's keyword proposals, minus the keywords the grammar only allows as names
    // (`Name: ID | 'consumer' | …`) and punctuation; event kinds and subjects get their docs.
    protected override completionForKeyword(context: CompletionContext, keyword: GrammarAST.Keyword, acceptor: CompletionAcceptor) {
        const rule = AstUtils.getContainerOfType(keyword, GrammarAST.isParserRule)?.name;
        if (rule === 'Name' || !/^[a-z]/.test(keyword.value)) return;
        const action = AstUtils.getContainerOfType(keyword, GrammarAST.isParserRule);
        const event = action?.name.endsWith('Action') ? EVENT_KINDS[keyword.value] : undefined;
        const subject = action?.name.endsWith('Subject') ? EXPECT_SUBJECTS[keyword.value] : undefined;
        const term = event ?? subject;
        if (term) {
            acceptor(context, { label: keyword.value, kind: event ? CompletionItemKind.Event : CompletionItemKind.Function, detail: term.syntax, documentation: md(term.doc), sortText: '0' });
            return;
        }
        return super.completionForKeyword(context, keyword, acceptor);
    }

    private proposeForSlot(analysis: SlotAnalysis, document: LangiumDocument, offset: number, text: string, sink: ItemSink): void {
        const slot = analysis.slot;
        switch (slot.kind) {
            case 'key':
                return this.proposeKeys(slot.scope, slot.written, text, offset, sink);
            case 'value':
                return this.proposeValues(slot.key, analysis, document, offset, sink);
            case 'list-item':
                return this.proposeListItems(slot.key, slot.listed, sink);
            case 'event-kind':
                for (const [kind, term] of Object.entries(EVENT_KINDS)) {
                    sink.add({ label: kind, kind: CompletionItemKind.Event, detail: term.syntax, documentation: md(term.doc), sortText: '0' });
                }
                return;
            case 'subjects':
                for (const [subject, term] of Object.entries(EXPECT_SUBJECTS)) {
                    sink.add({ label: subject, kind: CompletionItemKind.Function, detail: term.syntax, documentation: md(term.doc), sortText: '0' });
                }
                return;
            case 'members':
                return this.proposeMembers(analysis, document, slot.allowAll, false, sink);
            case 'topics':
                for (const topic of this.topicsInReach(document)) {
                    sink.add({ label: topic.name, kind: CompletionItemKind.Class, detail: 'topic', sortText: '0' });
                }
                return;
            case 'groups':
                for (const group of this.groupsInReach(document)) {
                    sink.add({ label: group.name, kind: CompletionItemKind.Module, detail: 'consumer group', sortText: '0' });
                }
                return;
            case 'partition': {
                const topic = this.topicsInReach(document).find((t) => t.name === slot.topic);
                const partitions = topic ? (readLayer(topic.properties).get('partitions')?.value as number | undefined) ?? 1 : 0;
                for (let p = 0; p < Math.min(partitions, 1000); p++) sink.add({ label: String(p), kind: CompletionItemKind.Value, detail: `partition of ${slot.topic}`, sortText: String(p).padStart(4, '0') });
                return;
            }
            case 'duration':
                (EVENT_DURATIONS[slot.what] ?? TYPICAL_DURATIONS).forEach((d, i) => sink.add({ label: d, kind: CompletionItemKind.Value, detail: 'duration', sortText: String(i).padStart(2, '0') }));
                return;
            case 'count':
                (TYPICAL_COUNTS[slot.what] ?? [1, 10, 100]).forEach((n, i) => sink.add({ label: String(n), kind: CompletionItemKind.Value, detail: 'count', sortText: String(i).padStart(2, '0') }));
                return;
            case 'rate':
                TYPICAL_RATES.forEach((r, i) => sink.add({ label: r, kind: CompletionItemKind.Value, detail: 'records per second', sortText: String(i).padStart(2, '0') }));
                return;
            case 'expect-value':
                return this.proposeExpectValues(slot.subject, analysis, document, sink);
            case 'none':
                return;
        }
    }

    private proposeKeys(scope: PropertyScope, written: ReadonlySet<string>, text: string, offset: number, sink: ItemSink): void {
        // `key = ` unless the line already has the `=` (renaming a key in place).
        const hasEquals = /^[A-Za-z0-9_.-]*\s*=(?!=)/.test(text.slice(offset, offset + 300));
        const rank = (info: PropertyInfo) => (info.origin === 'simulation' ? 2 : info.protocol === 'consumer' ? 1 : 0);
        for (const info of propertiesInScope(scope)) {
            if (written.has(info.key)) continue;
            sink.add({
                label: info.key,
                kind: CompletionItemKind.Property,
                detail: `${typeName(info)} · default ${formatPropertyValue(info, info.default)}`,
                documentation: keyDocumentation(info),
                insertText: hasEquals ? info.key : `${info.key} = `,
                command: hasEquals ? undefined : { title: 'Suggest a value', command: 'editor.action.triggerSuggest' },
                sortText: `${rank(info)}${info.key}`
            });
        }
    }

    /** `unset`: take the key away here (Kafka's default applies, whatever lower layers write). Listed last. */
    private proposeUnset(info: PropertyInfo, analysis: SlotAnalysis, sink: ItemSink): void {
        const block = analysis.blocks[analysis.blocks.length - 1]?.kind;
        const place: UnsetPlace | undefined =
            block === 'consumer' || block === 'consumers' ? 'member' : block === 'scenario' ? (analysis.slot.kind === 'value' && analysis.slot.scope === 'member' ? 'slow' : 'scenario') : block === 'with' || block === 'cluster' || block === 'topic' || block === 'group' ? block : undefined;
        const shown = info.default === null ? 'no value' : `default ${formatPropertyValue(info, info.default)}`;
        sink.add({
            label: UNSET,
            kind: CompletionItemKind.Keyword,
            detail: `take the key away here (${shown})`,
            documentation: md(`\`${info.key} = unset\`: this block does not set the key at all, and the key counts as not set (a consumer-protocol member may then run without a classic setting). What applies: ${unsetMeaning(info, place)}.`),
            sortText: '9unset'
        });
    }

    private proposeValues(key: string, analysis: SlotAnalysis, document: LangiumDocument, offset: number, sink: ItemSink): void {
        const info = PROPERTIES.get(key);
        if (!info) return;
        this.proposeTypedValues(info, analysis, document, offset, sink);
        // A topic has no layer below it: `unset` there only restates the default, so it is not proposed.
        if (info.scopes.some((s) => s !== 'topic')) this.proposeUnset(info, analysis, sink);
    }

    private proposeTypedValues(info: PropertyInfo, analysis: SlotAnalysis, document: LangiumDocument, offset: number, sink: ItemSink): void {
        const key = info.key;
        const isDefault = (shown: string) => shown === formatPropertyValue(info, info.default);
        const value = (label: string, detail: string, doc?: string, order = 5) =>
            sink.add({ label, kind: CompletionItemKind.Value, detail: isDefault(label) ? `${detail} (Kafka default)` : detail, documentation: doc ? md(doc) : undefined, sortText: `${isDefault(label) ? 0 : order}${label}` });
        switch (info.type.kind) {
            case 'boolean':
                value('true', 'boolean');
                value('false', 'boolean');
                return;
            case 'enum':
                info.type.values.forEach((v) => value(v, key));
                return;
            case 'enum-list': {
                const presets = ENUM_LIST_PRESETS[key] ?? [{ value: formatPropertyValue(info, info.default), doc: '' }];
                presets.forEach((p, i) => value(p.value, key, p.doc || undefined, i + 1));
                if (!ENUM_LIST_PRESETS[key]) info.type.values.forEach((v) => value(`[${v}]`, key));
                return;
            }
            case 'skew':
                value('uniform', 'every partition gets the same share');
                value('zipf(1.1)', 'partition k gets a share ∝ 1/(k+1)^1.1');
                return;
            case 'rate':
                [formatPropertyValue(info, info.default), ...TYPICAL_RATES].forEach((r) => r !== '0/s' && value(r, 'records per second'));
                return;
            case 'count': {
                const typical = TYPICAL_COUNTS[key] ?? [];
                const shown = info.default === 2_147_483_647 ? [] : [info.default as number];
                [...shown, ...typical].forEach((n) => value(String(n), 'count'));
                return;
            }
            case 'string': {
                const block = analysis.blocks[analysis.blocks.length - 1];
                if ((key === 'group.instance.id' || key === 'client.id') && block.name) {
                    if (block.kind === 'consumers') value(`"${block.name}-{i}"`, `one per member: ${block.name}-1, ${block.name}-2, …`);
                    else if (block.kind === 'consumer') value(`"${block.name}"`, key);
                }
                return;
            }
            case 'duration': {
                if (key === 'heartbeat.interval.ms') {
                    const session = this.effectiveSessionTimeout(document, offset);
                    const suggested = formatDuration(suggestedHeartbeat(session));
                    sink.add({
                        label: suggested,
                        kind: CompletionItemKind.Value,
                        detail: `below a third of session.timeout.ms (${formatDuration(session)})`,
                        documentation: md('Kafka recommends a heartbeat interval of at most a third of the session timeout, so that two lost heartbeats do not cost the member its place in the group.'),
                        sortText: '00',
                        preselect: true
                    });
                }
                const fallback = typeof info.default === 'number' ? formatDuration(info.default) : undefined;
                if (fallback) value(fallback, 'duration');
                for (const d of TYPICAL_DURATIONS) {
                    const ms = parseDuration(d)!;
                    if ((info.min !== undefined && ms < info.min) || (info.max !== undefined && ms > info.max)) continue;
                    value(d, 'duration', undefined, 5);
                }
                return;
            }
        }
    }

    private proposeListItems(key: string, listed: readonly string[], sink: ItemSink): void {
        const info = PROPERTIES.get(key);
        if (!info || info.type.kind !== 'enum-list') return;
        for (const v of info.type.values) {
            if (listed.includes(v)) continue;
            sink.add({ label: v, kind: CompletionItemKind.EnumMember, detail: key, documentation: ASSIGNOR_DOCS[v] && key === 'partition.assignment.strategy' ? md(ASSIGNOR_DOCS[v]) : undefined, sortText: String(CLIENT_ASSIGNORS.indexOf(v as never)) });
        }
    }

    private proposeExpectValues(subject: string, analysis: SlotAnalysis, document: LangiumDocument, sink: ItemSink): void {
        switch (subject) {
            case 'state':
                Object.entries(GROUP_STATES).forEach(([state, doc], i) => sink.add({ label: state, kind: CompletionItemKind.EnumMember, detail: 'group state', documentation: md(doc), sortText: String(i) }));
                return;
            case 'error':
                sink.add({ label: 'none', kind: CompletionItemKind.Constant, detail: 'no fatal error', sortText: '0' });
                Object.entries(KAFKA_ERRORS).forEach(([name, doc]) => sink.add({ label: name, kind: CompletionItemKind.Constant, detail: 'Kafka error', documentation: md(doc), sortText: `1${name}` }));
                return;
            case 'owner':
                sink.add({ label: 'none', kind: CompletionItemKind.Constant, detail: 'no running owner', sortText: '1' });
                return this.proposeMembers(analysis, document, false, true, sink);
            case 'max-unowned':
            case 'total-pause':
            case 'paused':
            case 'max-pause':
            case 'unowned':
                TYPICAL_DURATIONS.forEach((d, i) => sink.add({ label: d, kind: CompletionItemKind.Value, detail: 'duration', sortText: String(i).padStart(2, '0') }));
                return;
        }
    }

    /** The members of the scenario's group: `consumer` names, set names and set members. */
    private proposeMembers(analysis: SlotAnalysis, document: LangiumDocument, allowAll: boolean, singleOnly: boolean, sink: ItemSink): void {
        const group = this.scenarioGroupAt(analysis, document);
        if (allowAll) sink.add({ label: 'all', kind: CompletionItemKind.Keyword, detail: 'every member of the group', sortText: '2' });
        if (!group) return;
        for (const item of group.items) {
            if (ast.isConsumer(item)) sink.add({ label: item.name, kind: CompletionItemKind.Variable, detail: 'consumer', sortText: `0${item.name}` });
            else if (ast.isConsumerSet(item) && !singleOnly) {
                sink.add({ label: item.name, kind: CompletionItemKind.Variable, detail: `every member of consumers ${item.name}[${item.from}..${item.to}]`, sortText: `0${item.name}` });
            }
        }
        for (const member of declaredMembers(group)) {
            if (member.index === undefined || !ast.isConsumerSet(member.node)) continue;
            const set = member.node;
            sink.add({ label: member.name, kind: CompletionItemKind.Variable, detail: `member ${member.index} of consumers ${set.name}[${set.from}..${set.to}]`, sortText: `1${set.name}${String(member.index).padStart(6, '0')}` });
        }
    }

    /** The scenario's `group NAME` line, else the only group in reach. */
    private scenarioGroupAt(analysis: SlotAnalysis, document: LangiumDocument): ast.Group | undefined {
        const groups = this.groupsInReach(document);
        const scenario = [...analysis.blocks].reverse().find((b) => b.kind === 'scenario');
        if (scenario) {
            const tokens = analysis.tokens;
            let depth = 0;
            for (let i = scenario.bodyStart; i < tokens.length; i++) {
                const image = tokens[i].image;
                if (image === '{') depth++;
                else if (image === '}' && depth-- === 0) break;
                else if (depth === 0 && image === 'group' && isWord(tokens[i + 1]) && (i === scenario.bodyStart || tokens[i - 1].image === '}' || this.startsLine(document, tokens[i].offset))) {
                    return groups.find((g) => g.name === tokens[i + 1].image);
                }
            }
        }
        return groups.length === 1 ? groups[0] : undefined;
    }

    private startsLine(document: LangiumDocument, offset: number): boolean {
        const text = document.textDocument.getText();
        const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
        return text.slice(lineStart, offset).trim() === '';
    }

    private rootsInReach(document: LangiumDocument): ast.Document[] {
        const roots: ast.Document[] = [];
        for (const uri of importClosure(document, this.documents)) {
            const root = uri === document.uri.toString() ? document.parseResult.value : this.documents.all.find((d) => d.uri.toString() === uri)?.parseResult.value;
            if (ast.isDocument(root)) roots.push(root);
        }
        return roots;
    }

    private groupsInReach(document: LangiumDocument): ast.Group[] {
        return this.rootsInReach(document).flatMap((r) => r.elements.filter(ast.isGroup));
    }

    private topicsInReach(document: LangiumDocument): ast.Topic[] {
        return this.rootsInReach(document).flatMap((r) => r.elements.filter(ast.isTopic));
    }

    /** The session timeout that applies where the cursor is (member, set or group), for the heartbeat proposal. */
    private effectiveSessionTimeout(document: LangiumDocument, offset: number): number {
        const fallback = PROPERTIES.get('session.timeout.ms')!.default as number;
        const root = document.parseResult.value.$cstNode;
        const leaf = root ? CstUtils.findLeafNodeBeforeOffset(root, offset) : undefined;
        const node: AstNode | undefined = leaf?.astNode;
        const holder = node ? AstUtils.getContainerOfType(node, (n): n is ast.Consumer | ast.ConsumerSet | ast.Group => ast.isConsumer(n) || ast.isConsumerSet(n) || ast.isGroup(n)) : undefined;
        const group = holder ? AstUtils.getContainerOfType(holder, ast.isGroup) : undefined;
        if (!holder || !group) return fallback;
        const analysis = analyseGroup(group, this.documents);
        if (ast.isGroup(holder)) {
            // Group level: what a member with no settings of its own would get.
            const written = readLayer(group.items.filter(ast.isProperty)).get('session.timeout.ms') ?? analysis.clusterLayer.get('session.timeout.ms');
            return typeof written?.value === 'number' ? written.value : fallback;
        }
        const member = analysis.members.find((m) => m.member.node === holder);
        if (!member) return fallback;
        if (ast.isConsumerSet(holder) && !setBounds(holder)) return fallback;
        return member.config.sessionTimeoutMs;
    }
}

/** For tests: the slot at `offset`, with the rebal lexer's tokens. */
export function slotAt(services: LangiumServices, text: string, offset: number): Slot {
    const tokens = services.parser.Lexer.tokenize(text).tokens.map((t) => ({ image: t.image, offset: t.startOffset, end: t.startOffset + t.image.length, type: t.tokenType.name }));
    return analyseSlot(text, tokens, offset).slot;
}
