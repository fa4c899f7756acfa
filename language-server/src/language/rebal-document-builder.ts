/**
 * Langium's document builder, also rebuilding the files that import a changed file. Langium
 * re-links a file when it has an unresolved name or a resolved reference into the changed
 * file; but a file also depends on what it imports without referring to it: the imported
 * `cluster` blocks (its members' settings) and the imported declarations its own might
 * duplicate (`duplicate-name`). Without this, editing a shared `cluster` block left stale
 * diagnostics in every file that imports it.
 */
import { DefaultDocumentBuilder, type LangiumDocument, type LangiumSharedCoreServices } from 'langium';
import { importClosure } from './imports.js';

export class RebalDocumentBuilder extends DefaultDocumentBuilder {
    constructor(services: LangiumSharedCoreServices) {
        super(services);
    }

    protected override shouldRelink(document: LangiumDocument, changedUris: Set<string>): boolean {
        if (super.shouldRelink(document, changedUris)) return true;
        const own = document.uri.toString();
        for (const uri of importClosure(document, this.langiumDocuments)) if (uri !== own && changedUris.has(uri)) return true;
        return false;
    }
}
