/**
 * A workspace of in-memory files built by the real Langium services, edited the way the
 * language server edits (the new text is read back and `DocumentBuilder.update` rebuilds what
 * the change affects), for tests of what happens across files and across edits.
 */
import { EmptyFileSystemProvider, URI, type FileSystemProvider, type LangiumDocument } from 'langium';
import type { Diagnostic } from 'vscode-languageserver';
import { createRebalServices } from '../../language-server/src/language/rebal-module.js';

/** Langium's empty file system, except that it reads the workspace's files. */
function memoryFileSystem(files: Map<string, string>): FileSystemProvider {
    const read = (uri: URI): string => {
        const text = files.get(uri.toString());
        if (text === undefined) throw new Error(`no such file: ${uri.toString()}`);
        return text;
    };
    return Object.assign(new EmptyFileSystemProvider(), { readFileSync: read, readFile: async (uri: URI) => read(uri) });
}

export class MemoryWorkspace {
    private readonly files = new Map<string, string>();
    readonly services;

    constructor() {
        const fileSystem = memoryFileSystem(this.files);
        this.services = createRebalServices({ fileSystemProvider: () => fileSystem });
    }

    uri(path: string): URI {
        return URI.parse(`file:///ws/${path}`);
    }

    /** Adds the files and builds them all with validation. */
    async open(files: Record<string, string>): Promise<void> {
        const { shared } = this.services;
        const documents: LangiumDocument[] = [];
        for (const [path, text] of Object.entries(files)) {
            this.files.set(this.uri(path).toString(), text);
            const document = shared.workspace.LangiumDocumentFactory.fromString(text, this.uri(path));
            shared.workspace.LangiumDocuments.addDocument(document);
            documents.push(document);
        }
        await shared.workspace.DocumentBuilder.build(documents, { validation: true });
    }

    /** Replaces a file's text and lets the builder rebuild what the change affects. */
    async edit(path: string, text: string): Promise<void> {
        this.files.set(this.uri(path).toString(), text);
        await this.services.shared.workspace.DocumentBuilder.update([this.uri(path)], []);
    }

    document(path: string): LangiumDocument {
        return this.services.shared.workspace.LangiumDocuments.getDocument(this.uri(path))!;
    }

    diagnostics(path: string): Diagnostic[] {
        return this.document(path).diagnostics ?? [];
    }

    /** `line:column code message`, one-based, for readable expectations. */
    describe(path: string, code?: string): string[] {
        return this.diagnostics(path)
            .filter((d) => code === undefined || d.code === code)
            .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${d.message}`);
    }
}
