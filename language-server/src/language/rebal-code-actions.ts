/**
 * Quick fixes for the checker's diagnostics, where the fix is obvious (language.md: "a quick
 * fix where one is obvious"). Each fix reads what it needs from the diagnostic's `data` (set
 * by the rule that reported it) and from the document's AST, and returns plain text edits.
 */
import { AstUtils, CstUtils, GrammarUtils, type AstNode, type LangiumDocument, type MaybePromise } from 'langium';
import type { CodeActionProvider } from 'langium/lsp';
import { CodeActionKind, type CodeAction, type CodeActionParams, type Command, type Diagnostic, type Range, type TextEdit } from 'vscode-languageserver';
import * as ast from './generated/ast.js';
import type { RebalServices } from './rebal-module.js';
import { normaliseAssignorName } from '../model/config.js';
import { formatDuration } from '../model/units.js';
import type { GroupAnalyses } from './validation/group-analysis.js';
import { membersBefore, timedEvents } from './validation/deploy-checks.js';
import { Codes } from './validation/codes.js';
import { diagnosticCode } from './validation/diagnostic-shape.js';
import { declaredMembers, scenarioGroup } from './members.js';
import { PROPERTIES } from '../model/properties.js';
import { isUnset, UNSET } from './values.js';

type FixData = Record<string, unknown>;

/** A block that holds `key = value` lines. */
type PropertyBlock = ast.Cluster | ast.Topic | ast.Group | ast.Consumer | ast.ConsumerSet | ast.WithBlock;

export class RebalCodeActionProvider implements CodeActionProvider {
    private readonly analyses: GroupAnalyses;

    constructor(services: RebalServices) {
        this.analyses = services.validation.GroupAnalyses;
    }

    getCodeActions(document: LangiumDocument, params: CodeActionParams): MaybePromise<Array<Command | CodeAction> | undefined> {
        const actions: CodeAction[] = [];
        for (const diagnostic of params.context.diagnostics) {
            for (const fix of this.fixesFor(document, diagnostic)) {
                actions.push({
                    title: fix.title,
                    kind: CodeActionKind.QuickFix,
                    diagnostics: [diagnostic],
                    isPreferred: fix.preferred,
                    edit: { changes: { [document.textDocument.uri]: fix.edits } }
                });
            }
        }
        return actions;
    }

    private fixesFor(document: LangiumDocument, diagnostic: Diagnostic): Fix[] {
        const data = (diagnostic.data ?? {}) as FixData;
        const editor = new Editor(document);
        switch (diagnosticCode(diagnostic)) {
            case Codes.heartbeatRatio:
            case Codes.heartbeatNotBelowSession:
                return heartbeatFix(editor, diagnostic, data);
            case Codes.unknownProperty:
            case Codes.unresolvedReference:
                return typeof data.replaceWith === 'string' ? [replaceFix(`Change to \`${data.replaceWith}\``, diagnostic.range, data.replaceWith)] : [];
            case Codes.typeMismatch:
                return typeMismatchFixes(diagnostic, data);
            case Codes.unitAssumed:
                return typeof data.normalised === 'string' ? [replaceFix(`Write \`${data.normalised}\``, diagnostic.range, data.normalised)] : [];
            case Codes.mixedProtocol:
                return finishUpgradeFix(editor, diagnostic);
            case Codes.sessionTimeoutRange:
                return sessionRangeFix(editor, diagnostic, data);
            case Codes.consumerProtocolSetting:
                return consumerProtocolFixes(editor, diagnostic, data);
            case Codes.duplicateInstanceId:
                return instanceIdFix(editor, diagnostic);
            case Codes.staticRestartExceedsSession:
                return this.staticRestartFix(editor, diagnostic, data);
            default:
                return [];
        }
    }

    /** Raise session.timeout.ms where it governs each member concerned, as the member ran before the restart. */
    private staticRestartFix(editor: Editor, diagnostic: Diagnostic, data: FixData): Fix[] {
        const suggested = data.suggestedSessionMs;
        if (typeof suggested !== 'number' || data.protocol !== 'classic') return [];
        const event = editor.nodeAt(diagnostic.range, ast.isEvent);
        const scenario = event && AstUtils.getContainerOfType(event, ast.isScenario);
        const group = scenario && scenarioGroup(scenario);
        if (!event || !scenario || !group) return [];
        const analysis = this.analyses.analyse(group);
        if (suggested > analysis.cluster.maxSessionTimeoutMs) return [];
        const names = new Set((data.members as string[] | undefined) ?? []);
        const value = formatDuration(suggested);
        const edits: TextEdit[] = [];
        const done = new Set<AstNode>();
        for (const m of membersBefore(timedEvents(scenario), analysis, event)) {
            if (!names.has(m.member.name)) continue;
            // The line that decided it (member, group, cluster or an earlier deploy; an `unset`
            // line too, which gave the default over a value below): raise it there.
            // Written nowhere: the default applies; set it on the group.
            const written = m.decidedBy('session.timeout.ms')?.property;
            const target: AstNode = written ?? group;
            if (done.has(target)) continue;
            done.add(target);
            edits.push(...(written ? editor.setValue(written, value) : editor.insertProperty(group, 'session.timeout.ms', value)));
        }
        return edits.length ? [{ title: `Raise session.timeout.ms to ${value}, longer than the downtime plus a heartbeat`, edits, preferred: true }] : [];
    }
}

interface Fix {
    readonly title: string;
    readonly edits: TextEdit[];
    readonly preferred?: boolean;
}

function replaceFix(title: string, range: Range, newText: string): Fix {
    return { title, edits: [{ range, newText }], preferred: true };
}

/** Set heartbeat.interval.ms to the suggested value: on the heartbeat line if the diagnostic is there, else in the block of the line it is on. */
function heartbeatFix(editor: Editor, diagnostic: Diagnostic, data: FixData): Fix[] {
    if (typeof data.heartbeatMs !== 'number') return [];
    const value = formatDuration(data.heartbeatMs);
    const title = `Set heartbeat.interval.ms to ${value} (below a third of the session timeout)`;
    const property = editor.nodeAt(diagnostic.range, ast.isProperty);
    if (property?.key === 'heartbeat.interval.ms') return [{ title, edits: editor.setValue(property, value), preferred: true }];
    const block = property ? propertyBlock(property) : editor.nodeAt(diagnostic.range, isMember);
    if (!block) return [];
    return [{ title, edits: editor.setProperty(block, 'heartbeat.interval.ms', value, property), preferred: true }];
}

function typeMismatchFixes(diagnostic: Diagnostic, data: FixData): Fix[] {
    if (typeof data.replaceWith === 'string') return [replaceFix(`Change to \`${data.replaceWith}\``, diagnostic.range, data.replaceWith)];
    if (Array.isArray(data.addUnit) && typeof data.text === 'string') {
        const text = data.text;
        return data.addUnit.map((unit, i) => ({ title: `Write \`${text}${unit}\``, edits: [{ range: diagnostic.range, newText: `${text}${unit}` }], preferred: i === 0 }));
    }
    return [];
}

/** A member mid-upgrade (cooperative-sticky listed with eager assignors): keep only the cooperative ones. */
function finishUpgradeFix(editor: Editor, diagnostic: Diagnostic): Fix[] {
    const member = editor.nodeAt(diagnostic.range, isMember);
    if (!member) return [];
    const written = writtenFor(member, 'partition.assignment.strategy');
    if (!written) return [];
    const list = written.value;
    // `unset`: the member runs Kafka's default list, [range, cooperative-sticky]; the line that
    // decided it is the one to finish the upgrade on.
    const unset = isUnset(list);
    const items = unset ? ((PROPERTIES.get('partition.assignment.strategy')!.default as string[]) ?? []) : ast.isListValue(list) ? list.items.map((item) => editor.text(item)) : undefined;
    if (!list || !items) return [];
    const isCooperative = (text: string) => normaliseAssignorName(text.replace(/^["']|["']$/g, '')) === 'cooperative-sticky';
    const cooperative = items.filter(isCooperative);
    if (cooperative.length === 0 || cooperative.length === items.length) return [];
    const dropped = items.filter((item) => !isCooperative(item));
    return [
        {
            title: unset ? `Write [${cooperative.join(', ')}] instead of unset (Kafka's default [${items.join(', ')}] runs EAGER)` : `Drop ${dropped.join(', ')} to finish the upgrade to cooperative rebalancing`,
            edits: [{ range: editor.range(list), newText: `[${cooperative.join(', ')}]` }],
            preferred: true
        }
    ];
}

/** Clamp session.timeout.ms into the broker's bounds (the data carries the clamped value). */
function sessionRangeFix(editor: Editor, diagnostic: Diagnostic, data: FixData): Fix[] {
    if (typeof data.sessionMs !== 'number') return [];
    const value = formatDuration(data.sessionMs);
    const title = `Set session.timeout.ms to ${value}, within the broker's bounds`;
    const property = editor.nodeAt(diagnostic.range, ast.isProperty);
    if (property?.key === 'session.timeout.ms') return [{ title, edits: editor.setValue(property, value), preferred: true }];
    const member = editor.nodeAt(diagnostic.range, isMember);
    return member ? [{ title, edits: editor.setProperty(member, 'session.timeout.ms', value), preferred: true }] : [];
}

/**
 * A setting of the other protocol: replace the assignor list by the server-side assignor, or
 * remove the line. A group's line that members of the other protocol share is right for them:
 * then the fix writes `key = unset` in the blocks of the members that must not have it. A
 * deploy that switches protocol while members keep a refused setting from below: unset it in
 * the deploy's `with` block.
 */
function consumerProtocolFixes(editor: Editor, diagnostic: Diagnostic, data: FixData): Fix[] {
    const property = editor.nodeAt(diagnostic.range, ast.isProperty);
    if (!property) return [];
    const keys = Array.isArray(data.unsetInWith) ? data.unsetInWith.filter((k): k is string => typeof k === 'string') : [];
    if (keys.length > 0 && ast.isWithBlock(property.$container)) {
        const withBlock = property.$container;
        return [{ title: `Unset ${keys.join(', ')} in this deploy (Kafka's defaults apply; the consumer protocol accepts that)`, edits: keys.flatMap((key) => editor.insertProperty(withBlock, key, UNSET)), preferred: true }];
    }
    if (isUnset(property.value)) return [];
    const remove: Fix = { title: `Remove \`${property.key}\``, edits: editor.removeProperty(property) };
    // Removing a line other members need would break them: unset it where it is refused.
    const unsetFor = data.sharedWithOthers === true ? unsetForMembersFix(editor, property, data) : undefined;
    if (unsetFor) return [{ ...unsetFor, preferred: true }];
    if (property.key === 'partition.assignment.strategy') {
        const block = propertyBlock(property);
        const hasRemote = block && blockProperties(block).some((p) => p.key === 'group.remote.assignor');
        if (hasRemote) return [{ ...remove, preferred: true }];
        return [{ title: 'Replace with `group.remote.assignor = uniform` (the server-side assignor)', edits: [{ range: editor.range(property), newText: 'group.remote.assignor = uniform' }], preferred: true }, remove];
    }
    if (data.key === property.key) return [{ ...remove, preferred: true }];
    return [];
}

/** On a group's line: `key = unset` in the block of each member the diagnostic names (a set once). */
function unsetForMembersFix(editor: Editor, property: ast.Property, data: FixData): Fix | undefined {
    const group = property.$container;
    if (!ast.isGroup(group) || !Array.isArray(data.members)) return undefined;
    const names = new Set(data.members.filter((n): n is string => typeof n === 'string'));
    const blocks: (ast.Consumer | ast.ConsumerSet)[] = [];
    for (const member of declaredMembers(group)) {
        if (names.has(member.name) && !blocks.includes(member.node)) blocks.push(member.node);
    }
    if (blocks.length === 0) return undefined;
    const labels = blocks.map((b) => (ast.isConsumerSet(b) ? `${b.name}[${b.from}..${b.to}]` : b.name));
    return { title: `Unset \`${property.key}\` for ${labels.join(', ')} (the group keeps it for the others)`, edits: blocks.flatMap((b) => editor.setProperty(b, property.key, UNSET)) };
}

/** A `consumers` set sharing one static id: give each member its own with `-{i}`. */
function instanceIdFix(editor: Editor, diagnostic: Diagnostic): Fix[] {
    const property = editor.nodeAt(diagnostic.range, ast.isProperty);
    const value = property?.value;
    if (!property || !ast.isConsumerSet(property.$container) || !ast.isStringValue(value) || value.value.includes('{i}')) return [];
    const raw = editor.text(value);
    const quote = raw[0];
    const newText = `${quote}${raw.slice(1, -1)}-{i}${quote}`;
    return [{ title: `Use ${newText}: one id per member of the set`, edits: [{ range: editor.range(value), newText }], preferred: true }];
}

function isMember(node: AstNode): node is ast.Consumer | ast.ConsumerSet {
    return ast.isConsumer(node) || ast.isConsumerSet(node);
}

function propertyBlock(property: ast.Property): PropertyBlock | undefined {
    const c = property.$container;
    return ast.isCluster(c) || ast.isTopic(c) || ast.isGroup(c) || ast.isConsumer(c) || ast.isConsumerSet(c) || ast.isWithBlock(c) ? c : undefined;
}

function blockProperties(block: PropertyBlock): ast.Property[] {
    return ast.isGroup(block) ? block.items.filter(ast.isProperty) : block.properties;
}

/** The line that sets `key` for a member (an `unset` line included): its own block, else its group's. */
function writtenFor(member: ast.Consumer | ast.ConsumerSet, key: string): ast.Property | undefined {
    const own = member.properties.filter((p) => p.key === key).at(-1);
    if (own) return own;
    return member.$container.items.filter(ast.isProperty).filter((p) => p.key === key).at(-1);
}

/** Text edits on one document, keeping its layout: new lines take the indentation of their neighbours. */
class Editor {
    private readonly text_: string;

    constructor(private readonly document: LangiumDocument) {
        this.text_ = document.textDocument.getText();
    }

    text(node: AstNode): string {
        return node.$cstNode?.text ?? '';
    }

    range(node: AstNode): Range {
        return node.$cstNode!.range;
    }

    /** The innermost node of the wanted type at the start of `range`. */
    nodeAt<T extends AstNode>(range: Range, is: (n: AstNode) => n is T): T | undefined {
        const root = this.document.parseResult.value.$cstNode;
        if (!root) return undefined;
        const leaf = CstUtils.findLeafNodeAtOffset(root, this.document.textDocument.offsetAt(range.start));
        for (let node: AstNode | undefined = leaf?.astNode; node; node = node.$container) if (is(node)) return node;
        return undefined;
    }

    setValue(property: ast.Property, value: string): TextEdit[] {
        return property.value?.$cstNode ? [{ range: property.value.$cstNode.range, newText: value }] : [];
    }

    /** Sets `key` in `block`: replaces its value if the block writes it, else inserts a line (after `after` if given). */
    setProperty(block: PropertyBlock, key: string, value: string, after?: ast.Property): TextEdit[] {
        const existing = blockProperties(block).filter((p) => p.key === key).at(-1);
        return existing ? this.setValue(existing, value) : this.insertProperty(block, key, value, after);
    }

    /**
     * Inserts `key = value` into `block`: after `after`, else after the block's last property
     * (a group keeps its settings before its members), else at the start of the block. A block
     * written on one line gets the property on that line; a consumer without a block gets one.
     */
    insertProperty(block: PropertyBlock, key: string, value: string, after?: ast.Property): TextEdit[] {
        const line = `${key} = ${value}`;
        const cst = block.$cstNode;
        if (!cst) return [];
        const open = GrammarUtils.findNodeForKeyword(cst, '{');
        const close = GrammarUtils.findNodeForKeyword(cst, '}');
        if (!open || !close) {
            // `consumer c1` with no block: give it one.
            return [{ range: { start: cst.range.end, end: cst.range.end }, newText: ` { ${line} }` }];
        }
        const anchor = after ?? blockProperties(block).at(-1);
        const oneLine = open.range.start.line === close.range.start.line;
        if (oneLine) {
            const end = anchor?.$cstNode?.range.end ?? open.range.end;
            return [{ range: { start: end, end }, newText: anchor ? `  ${line}` : ` ${line}` }];
        }
        if (anchor?.$cstNode) {
            const anchorRange = anchor.$cstNode.range;
            const sameLine = this.lineText(anchorRange.end.line).trimEnd().length > anchorRange.end.character;
            if (sameLine) return [{ range: { start: anchorRange.end, end: anchorRange.end }, newText: `  ${line}` }];
            return [{ range: { start: anchorRange.end, end: anchorRange.end }, newText: `\n${this.indentOf(anchorRange.start.line)}${line}` }];
        }
        // Empty multi-line block (or a group whose first item is not a property): first line inside.
        const firstItemLine = open.range.end.line + 1;
        const indent = firstItemLine < close.range.start.line ? this.indentOf(firstItemLine) : this.indentOf(close.range.start.line) + '  ';
        return [{ range: { start: open.range.end, end: open.range.end }, newText: `\n${indent}${line}` }];
    }

    /** Removes a property: its whole line when it is alone on it, else the property and the spaces before it. */
    removeProperty(property: ast.Property): TextEdit[] {
        const range = property.$cstNode?.range;
        if (!range) return [];
        const before = this.lineText(range.start.line).slice(0, range.start.character);
        const afterText = this.lineText(range.end.line).slice(range.end.character);
        const trailingComment = /^\s*\/\//.test(afterText);
        if (before.trim() === '' && (afterText.trim() === '' || trailingComment)) {
            return [{ range: { start: { line: range.start.line, character: 0 }, end: { line: range.end.line + 1, character: 0 } }, newText: '' }];
        }
        const spaces = before.length - before.trimEnd().length;
        return [{ range: { start: { line: range.start.line, character: range.start.character - spaces }, end: range.end }, newText: '' }];
    }

    private lineText(line: number): string {
        return this.text_.split(/\r?\n/)[line] ?? '';
    }

    private indentOf(line: number): string {
        return /^\s*/.exec(this.lineText(line))![0];
    }
}
