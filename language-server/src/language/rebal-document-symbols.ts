/**
 * The outline: imports, the cluster, topics, groups with their settings, subscription and
 * members (a `consumers` set shows the members it declares), scenarios with their group line,
 * events (`at 2m rolling-restart`) and expectations. Every symbol's range is its whole text,
 * its selection range its name (or its first word), so clicking jumps to the right place.
 */
import type { AstNode, CstNode, LangiumDocument } from 'langium';
import type { DocumentSymbolProvider } from 'langium/lsp';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import { GrammarUtils } from 'langium';
import * as ast from './generated/ast.js';
import { setMemberNames } from './rebal-hover.js';

function squash(text: string): string {
    return text.replace(/\s+/g, ' ').trim();
}

export class RebalDocumentSymbolProvider implements DocumentSymbolProvider {
    getSymbols(document: LangiumDocument): DocumentSymbol[] {
        const root = document.parseResult.value as ast.Document;
        const symbols: DocumentSymbol[] = [];
        for (const imp of root.imports) this.push(symbols, imp, `import ${imp.path ?? ''}`, SymbolKind.File, 'path');
        for (const element of root.elements) {
            const symbol = this.element(element);
            if (symbol) symbols.push(symbol);
        }
        return symbols;
    }

    private element(node: ast.Element): DocumentSymbol | undefined {
        if (ast.isCluster(node)) return this.symbol(node, 'cluster', SymbolKind.Namespace, undefined, this.properties(node.properties));
        if (ast.isTopic(node)) return this.symbol(node, node.name, SymbolKind.Struct, 'name', this.properties(node.properties), 'topic');
        if (ast.isGroup(node)) return this.symbol(node, node.name, SymbolKind.Module, 'name', node.items.flatMap((item) => this.groupItem(item)), 'group');
        if (ast.isScenario(node)) return this.symbol(node, node.name, SymbolKind.Function, 'name', node.items.flatMap((item) => this.scenarioItem(item)), 'scenario');
        return undefined;
    }

    private groupItem(item: ast.GroupItem): DocumentSymbol[] {
        if (ast.isProperty(item)) return this.properties([item]);
        if (ast.isSubscription(item)) return this.optional(this.symbol(item, 'subscribe', SymbolKind.Field, undefined, undefined, squash(item.topics.map((t) => t.$refText).join(', '))));
        if (ast.isConsumer(item)) return this.optional(this.symbol(item, item.name, SymbolKind.Object, 'name', this.properties(item.properties), 'consumer'));
        if (ast.isConsumerSet(item)) {
            const names = setMemberNames(item);
            const detail = names.length > 1 ? `${names[0]} … ${names[names.length - 1]}` : names.join('');
            return this.optional(this.symbol(item, `${item.name}[${item.from}..${item.to}]`, SymbolKind.Array, 'name', this.properties(item.properties), detail));
        }
        return [];
    }

    private scenarioItem(item: ast.ScenarioItem): DocumentSymbol[] {
        const text = squash(item.$cstNode?.text ?? '');
        if (ast.isEvent(item)) {
            const kind = item.action?.kind ?? '';
            const time = item.time?.$cstNode?.text ?? '';
            const rest = squash((item.action?.$cstNode?.text ?? '').slice(kind.length));
            return this.optional(this.symbol(item, `at ${time} ${kind}`.trim(), SymbolKind.Event, undefined, item.action && 'with' in item.action && item.action.with ? this.properties(item.action.with.properties) : undefined, rest));
        }
        if (ast.isExpectation(item)) return this.optional(this.symbol(item, text, SymbolKind.Boolean));
        if (ast.isScenarioGroup(item) || ast.isScenarioDuration(item) || ast.isScenarioSeed(item)) return this.optional(this.symbol(item, text, SymbolKind.Field));
        if (ast.isProperty(item)) return this.properties([item]);
        return [];
    }

    private properties(properties: readonly ast.Property[]): DocumentSymbol[] {
        return properties.flatMap((p) => this.optional(this.symbol(p, p.key, SymbolKind.Property, 'key', undefined, squash(p.value?.$cstNode?.text ?? ''))));
    }

    private optional(symbol: DocumentSymbol | undefined): DocumentSymbol[] {
        return symbol ? [symbol] : [];
    }

    private push(into: DocumentSymbol[], node: AstNode, name: string, kind: SymbolKind, nameProperty?: string): void {
        const symbol = this.symbol(node, name, kind, nameProperty);
        if (symbol) into.push(symbol);
    }

    private symbol(node: AstNode, name: string, kind: SymbolKind, nameProperty?: string, children?: DocumentSymbol[], detail?: string): DocumentSymbol | undefined {
        const cst = node.$cstNode;
        if (!cst || !name) return undefined;
        const nameNode: CstNode | undefined = nameProperty ? GrammarUtils.findNodeForProperty(cst, nameProperty) : undefined;
        const selection = nameNode ?? cst;
        const symbol: DocumentSymbol = {
            name,
            kind,
            range: cst.range,
            selectionRange: { start: selection.range.start, end: nameNode ? selection.range.end : selection.range.start }
        };
        if (detail) symbol.detail = detail;
        if (children && children.length > 0) symbol.children = children;
        return symbol;
    }
}
