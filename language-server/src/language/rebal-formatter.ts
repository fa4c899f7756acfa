/**
 * Formatting: top-level elements at column 0 with at most one blank line between them,
 * 2-space indentation in blocks, one item per line (a block holding a single item written on
 * one line, such as `consumer c1 { group.instance.id = "c-1" }` or `with { … }`, stays on its
 * line), `key = value`, single spaces between the words of a statement (`at TIME EVENT`),
 * `[a, b]`, `zipf(1.1)`, `worker[1..6]`, `orders[4]` tight.
 *
 * Comments stay where they are: Langium leaves a comment that shares a line with code
 * untouched and re-indents a comment on its own line with the code around it.
 *
 * A document with syntax errors is not formatted: the tree the parser recovered may not be
 * what the user meant, and rearranging it would move their text around.
 */
import { CstUtils, type AstNode, type LangiumDocument } from 'langium';
import { AbstractFormatter, Formatting, type FormattingAction, type NodeFormatter } from 'langium/lsp';
import type { FormattingOptions, Range, TextEdit } from 'vscode-languageserver';
import * as ast from './generated/ast.js';

/** rebal's style, whatever the editor's tab settings. */
export const REBAL_INDENT: FormattingOptions = { tabSize: 2, insertSpaces: true };

/** The next line, one level deeper; one blank line before it is kept, more are not. */
function indentedLine(): FormattingAction {
    return { options: {}, moves: [{ tabs: 1, lines: 1 }, { tabs: 1, lines: 2 }] };
}

type Braced = ast.Cluster | ast.Topic | ast.Group | ast.Consumer | ast.ConsumerSet | ast.Scenario | ast.WithBlock;

export class RebalFormatter extends AbstractFormatter {
    protected override doDocumentFormat(document: LangiumDocument, options: FormattingOptions, range?: Range): TextEdit[] {
        if (document.parseResult.lexerErrors.length > 0 || document.parseResult.parserErrors.length > 0) return [];
        return super.doDocumentFormat(document, { ...options, ...REBAL_INDENT }, range);
    }

    protected format(node: AstNode): void {
        const f = this.getNodeFormatter(node);
        if (ast.isDocument(node)) return this.formatRoot(node, f);
        if (ast.isImport(node)) f.keyword('import').append(Formatting.oneSpace());
        else if (ast.isCluster(node) || ast.isTopic(node) || ast.isGroup(node) || ast.isScenario(node) || ast.isConsumer(node)) {
            f.keyword(node.$type === 'Consumer' ? 'consumer' : node.$type.toLowerCase()).append(Formatting.oneSpace());
            this.formatBlock(node, f);
        } else if (ast.isConsumerSet(node)) {
            f.keyword('consumers').append(Formatting.oneSpace());
            this.tightRange(f);
            this.formatBlock(node, f);
        } else if (ast.isWithBlock(node)) {
            this.formatBlock(node, f);
        } else if (ast.isProperty(node)) {
            f.keyword('=').surround(Formatting.oneSpace());
        } else if (ast.isListValue(node)) {
            f.keyword('[').append(Formatting.noSpace());
            f.keyword(']').prepend(Formatting.noSpace());
            f.keywords(',').prepend(Formatting.noSpace()).append(Formatting.oneSpace());
        } else if (ast.isCallValue(node)) {
            f.keyword('(').surround(Formatting.noSpace());
            f.keyword(')').prepend(Formatting.noSpace());
            f.keywords(',').prepend(Formatting.noSpace()).append(Formatting.oneSpace());
        } else if (ast.isNameValue(node) || ast.isPartitionSubject(node)) {
            f.keyword('[').surround(Formatting.noSpace());
            f.keyword(']').prepend(Formatting.noSpace());
            if (ast.isPartitionSubject(node)) f.property('kind').append(Formatting.oneSpace());
        } else if (ast.isNumberValue(node) || ast.isDurationValue(node) || ast.isRateValue(node)) {
            f.keyword('-').append(Formatting.noSpace());
        } else if (ast.isSubscription(node)) {
            f.keyword('subscribe').append(Formatting.oneSpace());
            f.keywords(',').prepend(Formatting.noSpace()).append(Formatting.oneSpace());
        } else if (ast.isScenarioGroup(node) || ast.isScenarioDuration(node) || ast.isScenarioSeed(node)) {
            f.keyword(node.$type === 'ScenarioGroup' ? 'group' : node.$type === 'ScenarioDuration' ? 'duration' : 'seed').append(Formatting.oneSpace());
        } else if (ast.isEvent(node)) {
            f.keyword('at').append(Formatting.oneSpace());
            f.property('action').prepend(Formatting.oneSpace());
        } else if (ast.isAction(node)) {
            this.formatAction(node);
        } else if (ast.isTargets(node)) {
            f.keywords(',').prepend(Formatting.noSpace()).append(Formatting.oneSpace());
        } else if (ast.isMemberRef(node)) {
            this.tightRange(f);
        } else if (ast.isExpectation(node)) {
            f.keyword('expect').append(Formatting.oneSpace());
            f.keyword('at').surround(Formatting.oneSpace());
            f.property('op').surround(Formatting.oneSpace());
        } else if (ast.isMemberSubject(node) || ast.isTopicSubject(node)) {
            f.property('kind').append(Formatting.oneSpace());
        }
    }

    private formatRoot(node: ast.Document, f: NodeFormatter<ast.Document>): void {
        const items: AstNode[] = [...node.imports, ...node.elements];
        if (items.length === 0) return;
        f.node(items[0]).prepend(Formatting.noIndent());
        // Each element on a line of its own at column 0, at most one blank line in between.
        f.nodes(...items.slice(1)).prepend(Formatting.fit(Formatting.newLine(), Formatting.newLines(2)));
    }

    private formatBlock(node: Braced, f: NodeFormatter<Braced>): void {
        const open = f.keyword('{');
        const close = f.keyword('}');
        if (open.nodes.length === 0 || close.nodes.length === 0) return;
        open.prepend(Formatting.oneSpace());
        const items = this.blockItems(node);
        if (items.length === 0) {
            close.prepend(Formatting.oneSpace());
            return;
        }
        const openLine = open.nodes[0].range.start.line;
        if (items.length === 1 && close.nodes[0].range.end.line === openLine && !this.hasComment(node)) {
            // `{ key = value }` stays on its line.
            open.append(Formatting.oneSpace());
            close.prepend(Formatting.oneSpace());
            return;
        }
        f.interior(open, close).prepend(indentedLine());
        close.prepend(Formatting.newLine());
    }

    private blockItems(node: Braced): AstNode[] {
        if (ast.isGroup(node) || ast.isScenario(node)) return node.items;
        return node.properties;
    }

    /** A comment inside the block (a one-line block with a comment is expanded like any other). */
    private hasComment(node: Braced): boolean {
        const cst = node.$cstNode;
        return cst ? CstUtils.flattenCst(cst).some((leaf) => leaf.hidden) : false;
    }

    /** `name[a..b]` with no spaces. */
    private tightRange(f: NodeFormatter<ast.ConsumerSet | ast.MemberRef>): void {
        f.keyword('[').surround(Formatting.noSpace());
        f.keyword('..').surround(Formatting.noSpace());
        f.keyword(']').prepend(Formatting.noSpace());
    }

    private formatAction(node: ast.Action): void {
        // Single spaces between the words of an event: `rolling-restart c1, c2 every 30s down 10s`.
        const f = this.getNodeFormatter(node);
        if (!ast.isCoordinatorFailoverAction(node)) f.property('kind').append(Formatting.oneSpace());
        f.keywords('every', 'down', 'for').surround(Formatting.oneSpace());
        if (ast.isGcPauseAction(node) || ast.isNetworkPartitionAction(node)) this.getNodeFormatter(node).property('duration').prepend(Formatting.oneSpace());
        else if (ast.isSlowAction(node)) this.getNodeFormatter(node).property('property').prepend(Formatting.oneSpace());
        else if (ast.isSubscribeAction(node)) {
            const s = this.getNodeFormatter(node);
            s.property('topics', 0).prepend(Formatting.oneSpace());
            s.keywords(',').prepend(Formatting.noSpace()).append(Formatting.oneSpace());
        } else if (ast.isAddPartitionsAction(node)) this.getNodeFormatter(node).property('count').prepend(Formatting.oneSpace());
        else if (ast.isProduceAction(node)) this.getNodeFormatter(node).property('rate').prepend(Formatting.oneSpace());
        else if (ast.isStartAction(node) || ast.isRestartAction(node) || ast.isRollingRestartAction(node)) {
            if (!node.with) return;
            // `with { … }` continues the event: on the same line, or on the next one, indented.
            const sameLine = node.with.$cstNode && node.$cstNode && node.with.$cstNode.range.start.line === node.$cstNode.range.start.line;
            this.getNodeFormatter(node).property('with').prepend(sameLine ? Formatting.oneSpace() : Formatting.indent());
        }
    }
}
