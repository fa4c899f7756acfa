/**
 * `import "other.rebal"`: a file sees its own topics and groups and those of the files it
 * imports, transitively. Paths are relative to the importing file.
 */
import { UriUtils, type LangiumDocument, type LangiumDocuments, URI } from 'langium';
import * as ast from './generated/ast.js';

export function importUri(document: LangiumDocument, imp: ast.Import): URI | undefined {
    const raw = imp.path;
    if (!raw) return undefined;
    return UriUtils.resolvePath(UriUtils.dirname(document.uri), raw);
}

/** URIs (as strings) of `document` and every document it imports, transitively, that is loaded. */
export function importClosure(document: LangiumDocument, documents: LangiumDocuments): Set<string> {
    const seen = new Set<string>([document.uri.toString()]);
    const queue: LangiumDocument[] = [document];
    while (queue.length > 0) {
        const current = queue.pop()!;
        const root = current.parseResult?.value;
        if (!ast.isDocument(root)) continue;
        for (const imp of root.imports) {
            const uri = importUri(current, imp);
            if (!uri) continue;
            const key = uri.toString();
            if (seen.has(key)) continue;
            seen.add(key);
            const imported = documents.getDocument(uri);
            if (imported) queue.push(imported);
        }
    }
    return seen;
}
