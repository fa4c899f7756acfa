/**
 * Folding: every block (`cluster`, `topic`, `group`, `consumer`, `consumers`, `scenario`,
 * `with`) from its `{` line to the line before its `}`, so the closing brace stays visible;
 * a multi-line list value; a `/* … *\/` comment over several lines; a run of two or more
 * `//` lines. `// #region` markers are the language configuration's.
 */
import { AstUtils, CstUtils, GrammarUtils, type AstNode, type LangiumDocument } from 'langium';
import type { FoldingRangeProvider } from 'langium/lsp';
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver';
import * as ast from './generated/ast.js';

function isBlock(node: AstNode): boolean {
    return ast.isCluster(node) || ast.isTopic(node) || ast.isGroup(node) || ast.isConsumer(node) || ast.isConsumerSet(node) || ast.isScenario(node) || ast.isWithBlock(node);
}

export class RebalFoldingRangeProvider implements FoldingRangeProvider {
    getFoldingRanges(document: LangiumDocument): FoldingRange[] {
        const ranges: FoldingRange[] = [];
        const root = document.parseResult.value;
        for (const node of AstUtils.streamAst(root)) {
            if (isBlock(node) || ast.isListValue(node)) this.foldBraces(node, ranges);
        }
        this.foldComments(document, ranges);
        return ranges;
    }

    private foldBraces(node: AstNode, ranges: FoldingRange[]): void {
        const cst = node.$cstNode;
        if (!cst) return;
        const [open, close] = ast.isListValue(node) ? ['[', ']'] : ['{', '}'];
        const openNode = GrammarUtils.findNodeForKeyword(cst, open);
        const closeNode = GrammarUtils.findNodesForKeyword(cst, close).at(-1);
        if (!openNode) return;
        const startLine = openNode.range.start.line;
        // An unclosed block (mid-edit) folds to its last line.
        const endLine = closeNode ? closeNode.range.start.line - 1 : cst.range.end.line;
        if (endLine > startLine) ranges.push({ startLine, endLine, kind: FoldingRangeKind.Region });
    }

    private foldComments(document: LangiumDocument, ranges: FoldingRange[]): void {
        const root = document.parseResult.value.$cstNode;
        if (!root) return;
        let run: { start: number; end: number } | undefined;
        const closeRun = () => {
            if (run && run.end > run.start) ranges.push({ startLine: run.start, endLine: run.end, kind: FoldingRangeKind.Comment });
            run = undefined;
        };
        let codeLine = -1;
        for (const leaf of CstUtils.flattenCst(root)) {
            if (!leaf.hidden) {
                closeRun();
                codeLine = leaf.range.end.line;
                continue;
            }
            const text = leaf.text;
            if (leaf.range.start.line === codeLine) {
                // A comment at the end of a line of code belongs to that line, not to a run.
                closeRun();
                continue;
            }
            if (text.startsWith('/*')) {
                closeRun();
                if (leaf.range.end.line > leaf.range.start.line) ranges.push({ startLine: leaf.range.start.line, endLine: leaf.range.end.line, kind: FoldingRangeKind.Comment });
            } else if (text.startsWith('//')) {
                const line = leaf.range.start.line;
                if (run && line === run.end + 1) run.end = line;
                else {
                    closeRun();
                    run = { start: line, end: line };
                }
            }
        }
        closeRun();
    }
}
