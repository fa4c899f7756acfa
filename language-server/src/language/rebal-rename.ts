/**
 * Rename, aware of member sets. Renaming `consumers worker[1..6]` to `node` rewrites `worker`
 * and `worker[2..4]` to `node`, and `worker3` to `node3`: the member references keep their
 * index. Renaming at a member reference (`worker3` → `node3`) renames its set (to `node`):
 * the members of a set have no names of their own. Everything else is Langium's rename.
 */
import { CstUtils, type LangiumDocument, type LangiumDocuments } from 'langium';
import { DefaultRenameProvider, type LangiumServices } from 'langium/lsp';
import { ResponseError, TextEdit, type RenameParams, type WorkspaceEdit } from 'vscode-languageserver';
import * as ast from './generated/ast.js';
import { memberIndexOf, referenceText, setMemberAt } from './rebal-references.js';

/** What the grammar's ID terminal accepts: the new name must still parse as a name. */
const NAME = /^[A-Za-z_][A-Za-z0-9_]*(-[A-Za-z0-9_]+)*$/;
/** Topics may be dotted (`orders.v2`). */
const DOTTED = /^[A-Za-z_][A-Za-z0-9_]*(-[A-Za-z0-9_]+)*(\.[A-Za-z_][A-Za-z0-9_]*(-[A-Za-z0-9_]+)*)+$/;

export class RebalRenameProvider extends DefaultRenameProvider {
    private readonly documents: LangiumDocuments;

    constructor(services: LangiumServices) {
        super(services);
        this.documents = services.shared.workspace.LangiumDocuments;
    }

    override async rename(document: LangiumDocument, params: RenameParams): Promise<WorkspaceEdit | undefined> {
        const offset = document.textDocument.offsetAt(params.position);
        const member = setMemberAt(document, offset);
        let newName = params.newName;
        if (member) {
            // `worker3` → `node3` renames the set to `node`; `worker3` → `node` does too.
            const suffix = String(member.index);
            if (newName.endsWith(suffix) && newName.length > suffix.length) newName = newName.slice(0, -suffix.length);
        }
        if (!NAME.test(newName) && !DOTTED.test(newName)) throw new ResponseError(0, `\`${params.newName}\` is not a valid name.`);
        const set = member?.set ?? this.setNamedAt(document, offset);
        if (set) return this.renameSet(set, newName);
        return super.rename(document, { ...params, newName });
    }

    /** The set whose declaration or reference is under the cursor, if that is what is renamed. */
    private setNamedAt(document: LangiumDocument, offset: number): ast.ConsumerSet | undefined {
        const root = document.parseResult.value.$cstNode;
        const leaf = root ? CstUtils.findDeclarationNodeAtOffset(root, offset, this.grammarConfig.nameRegexp) : undefined;
        const target = leaf ? this.references.findDeclarations(leaf)[0] : undefined;
        return ast.isConsumerSet(target) ? target : undefined;
    }

    private renameSet(set: ast.ConsumerSet, newName: string): WorkspaceEdit {
        const changes: Record<string, TextEdit[]> = {};
        const add = (uri: string, edit: TextEdit) => (changes[uri] ??= []).push(edit);
        for (const ref of this.references.findReferences(set, { includeDeclaration: true })) {
            const text = referenceText(this.documents, ref) ?? set.name;
            const index = memberIndexOf(set, text);
            add(ref.sourceUri.toString(), TextEdit.replace(ref.segment.range, index === undefined ? newName : `${newName}${index}`));
        }
        return { changes };
    }
}
