/**
 * Find references, aware of member sets. `consumers worker[1..6]` is referred to as
 * `worker` (the whole set), `worker[2..4]` (a range) or `worker3` (one member); all three
 * link to the set. From the set's name, every one of them is a reference. From `worker3`,
 * the references are those that include member 3: `worker3` itself, `worker`, and ranges
 * containing 3 — not `worker5`.
 */
import { AstUtils, CstUtils, type LangiumDocument, type LangiumDocuments, type MaybePromise, type ReferenceDescription } from 'langium';
import { DefaultReferencesProvider, type LangiumServices } from 'langium/lsp';
import { Location, type ReferenceParams } from 'vscode-languageserver';
import * as ast from './generated/ast.js';
import { parseCount } from '../model/units.js';
import { setBounds } from './members.js';

/** The member index a reference text names inside a set (`worker3` → 3), if any. */
export function memberIndexOf(set: ast.ConsumerSet, refText: string): number | undefined {
    if (refText === set.name || !refText.startsWith(set.name)) return undefined;
    const digits = refText.slice(set.name.length);
    return /^\d+$/.test(digits) ? Number(digits) : undefined;
}

/** The text a reference was written with, read from its own document. */
export function referenceText(documents: LangiumDocuments, ref: ReferenceDescription): string | undefined {
    const document = documents.all.find((d) => d.uri.toString() === ref.sourceUri.toString());
    return document?.textDocument.getText(ref.segment.range);
}

/** The set member at `offset` when the cursor is on a `worker3`-style reference. */
export function setMemberAt(document: LangiumDocument, offset: number): { set: ast.ConsumerSet; index: number; ref: ast.MemberRef } | undefined {
    const root = document.parseResult.value.$cstNode;
    const leaf = root ? CstUtils.findLeafNodeAtOffset(root, offset) ?? CstUtils.findLeafNodeBeforeOffset(root, offset) : undefined;
    const node = leaf?.astNode;
    if (!ast.isMemberRef(node)) return undefined;
    const set = node.member?.ref;
    if (!ast.isConsumerSet(set)) return undefined;
    const index = memberIndexOf(set, node.member.$refText);
    return index === undefined ? undefined : { set, index, ref: node };
}

export class RebalReferencesProvider extends DefaultReferencesProvider {
    private readonly documents: LangiumDocuments;

    constructor(services: LangiumServices) {
        super(services);
        this.documents = services.shared.workspace.LangiumDocuments;
    }

    override findReferences(document: LangiumDocument, params: ReferenceParams): MaybePromise<Location[]> {
        const member = setMemberAt(document, document.textDocument.offsetAt(params.position));
        if (!member) return super.findReferences(document, params);
        const { set, index } = member;
        const locations: Location[] = [];
        if (params.context.includeDeclaration) {
            const nameNode = set.$cstNode ? this.nameProvider.getNameNode(set) : undefined;
            if (nameNode) locations.push(Location.create(AstUtils.getDocument(set).uri.toString(), nameNode.range));
        }
        for (const ref of this.references.findReferences(set, { includeDeclaration: false })) {
            if (this.includesMember(ref, set, index)) locations.push(Location.create(ref.sourceUri.toString(), ref.segment.range));
        }
        return locations;
    }

    private includesMember(ref: ReferenceDescription, set: ast.ConsumerSet, index: number): boolean {
        const text = referenceText(this.documents, ref);
        if (text === undefined) return false;
        if (text !== set.name) return memberIndexOf(set, text) === index;
        // `worker` or `worker[a..b]`: read the range from the reference's node.
        const document = this.documents.all.find((d) => d.uri.toString() === ref.sourceUri.toString());
        const leaf = document?.parseResult.value.$cstNode ? CstUtils.findLeafNodeAtOffset(document.parseResult.value.$cstNode, ref.segment.offset) : undefined;
        const memberRef = leaf?.astNode;
        if (!ast.isMemberRef(memberRef) || memberRef.from === undefined || memberRef.to === undefined) return true;
        const bounds = setBounds(set);
        const from = parseCount(memberRef.from) ?? bounds?.from ?? 0;
        const to = parseCount(memberRef.to) ?? bounds?.to ?? 0;
        return from <= index && index <= to;
    }
}
