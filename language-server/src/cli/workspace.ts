/**
 * The CLI's workspace: the files named on the command line and, transitively, the files they
 * import (paths relative to the importing file), read from disk with Langium's
 * NodeFileSystem and built together, so imports link exactly as in the editor.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { URI, type LangiumDocument, type LangiumSharedCoreServices } from 'langium';
import * as ast from '../language/generated/ast.js';
import { importUri } from '../language/imports.js';

/** A file named on the command line, as the user wrote it, and what became of it. */
export interface RequestedFile {
    /** The path as given (or, for a folder, the folder joined with the file's name). */
    readonly shown: string;
    readonly absolute: string;
    /** Why the file could not be read; undefined when it was loaded. */
    readonly problem?: { readonly code: 'file-not-found' | 'not-a-rebal-file'; readonly message: string };
    document?: LangiumDocument;
}

/** Expands folders to the .rebal files under them (sorted); keeps files and missing paths as given. */
export function expandPaths(paths: readonly string[], cwd: string): RequestedFile[] {
    const out: RequestedFile[] = [];
    const seen = new Set<string>();
    const add = (shown: string, absolute: string, problem?: RequestedFile['problem']) => {
        if (seen.has(absolute)) return;
        seen.add(absolute);
        out.push({ shown, absolute, problem });
    };
    const walk = (shown: string, absolute: string) => {
        for (const entry of readdirSync(absolute).sort()) {
            const childShown = join(shown, entry);
            const childAbsolute = join(absolute, entry);
            if (statSync(childAbsolute).isDirectory()) walk(childShown, childAbsolute);
            else if (extname(entry) === '.rebal') add(childShown, childAbsolute);
        }
    };
    for (const shown of paths) {
        const absolute = resolve(cwd, shown);
        if (!existsSync(absolute)) add(shown, absolute, { code: 'file-not-found', message: `cannot read ${shown}: no such file or folder` });
        else if (statSync(absolute).isDirectory()) walk(shown, absolute);
        else if (extname(absolute) !== '.rebal') add(shown, absolute, { code: 'not-a-rebal-file', message: `${shown} is not a .rebal file` });
        else add(shown, absolute);
    }
    return out;
}

/** Loads the readable files and every file they import that exists, then parses, links and validates them all. */
export async function buildWorkspace(shared: LangiumSharedCoreServices, files: RequestedFile[]): Promise<void> {
    const documents = shared.workspace.LangiumDocuments;
    const loaded: LangiumDocument[] = [];
    const queue: LangiumDocument[] = [];
    const load = async (uri: URI): Promise<LangiumDocument> => {
        const known = documents.getDocument(uri);
        if (known) return known;
        const document = await documents.getOrCreateDocument(uri);
        loaded.push(document);
        queue.push(document);
        return document;
    };
    for (const file of files) {
        if (!file.problem) file.document = await load(URI.file(file.absolute));
    }
    while (queue.length > 0) {
        const document = queue.pop()!;
        const root = document.parseResult.value;
        if (!ast.isDocument(root)) continue;
        for (const imp of root.imports) {
            const uri = importUri(document, imp);
            // A missing import stays missing: the checker reports it as unresolved-import.
            if (uri && extname(uri.fsPath) === '.rebal' && existsSync(uri.fsPath) && statSync(uri.fsPath).isFile()) await load(uri);
        }
    }
    await shared.workspace.DocumentBuilder.build(loaded, { validation: true });
}
