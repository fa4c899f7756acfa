/**
 * `duplicate-name`: a topic, group or scenario name is declared once among the files that see
 * each other (a file and the files it imports, transitively), and a member name once per
 * group. Names are per kind: a topic and a group may share one.
 *
 * Why across imports: a reference looks a name up in the file and everything it imports, and
 * with two declarations it links to only one of them (whichever the index holds last), so
 * `subscribe orders` could silently mean the imported topic and its partitions.
 */
import type { ValidationAcceptor } from 'langium';
import * as ast from '../generated/ast.js';
import { Codes } from './codes.js';

/** A top-level declaration of an imported file: kind, name, and that file as the user reads it. */
export interface ImportedDeclaration {
    readonly type: string;
    readonly name: string;
    /** The imported file, relative to the checked one (`shared/topics.rebal`). */
    readonly file: string;
    /** Whether the checked file imports it itself, or through another import. */
    readonly direct: boolean;
}

type Declaration = ast.Topic | ast.Group | ast.Scenario;

export function checkDuplicateNames(document: ast.Document, imported: Iterable<ImportedDeclaration>, accept: ValidationAcceptor): void {
    const fromImports = new Map<string, ImportedDeclaration>();
    for (const declaration of imported) {
        const key = `${declaration.type}:${declaration.name}`;
        if (!fromImports.has(key)) fromImports.set(key, declaration);
    }
    const local = new Map<string, Declaration>();
    for (const element of document.elements) {
        if (ast.isCluster(element)) continue;
        const key = `${element.$type}:${element.name}`;
        const kind = element.$type.toLowerCase();
        if (local.has(key)) {
            accept('error', `Another ${kind} is already named ${element.name}.`, { node: element, property: 'name', code: Codes.duplicateName });
        } else {
            // Only the first local declaration: later ones already have the error above.
            const other = fromImports.get(key);
            if (other) {
                const how = other.direct ? 'which this file imports' : 'which this file imports through another import';
                accept('error', `A ${kind} named ${element.name} is also declared in ${other.file}, ${how}: references to ${element.name} link to only one of the two.`, {
                    node: element,
                    property: 'name',
                    code: Codes.duplicateName,
                    data: { code: Codes.duplicateName, importedFile: other.file }
                });
            }
            local.set(key, element);
        }
    }
    for (const group of document.elements.filter(ast.isGroup)) {
        const members = new Set<string>();
        for (const item of group.items) {
            if (!ast.isConsumer(item) && !ast.isConsumerSet(item)) continue;
            if (members.has(item.name)) {
                accept('error', `Group ${group.name} already has a member named ${item.name}.`, { node: item, property: 'name', code: Codes.duplicateName });
            }
            members.add(item.name);
        }
    }
}
