/**
 * Langium's document validator, with every diagnostic carrying its stable code: lexer and
 * parser errors become `syntax-error` and unresolved names `unresolved-reference`, the same
 * codes `rebal check` prints (diagnostic-shape.ts). Wire it in the module as
 * `validation: { DocumentValidator: (services) => new RebalDocumentValidator(services) }`.
 */
import { DefaultDocumentValidator, type LangiumDocument, type ValidationOptions } from 'langium';
import type { CancellationToken, Diagnostic } from 'vscode-languageserver';
import { diagnosticCode } from './diagnostic-shape.js';

export class RebalDocumentValidator extends DefaultDocumentValidator {
    override async validateDocument(document: LangiumDocument, options?: ValidationOptions, cancelToken?: CancellationToken): Promise<Diagnostic[]> {
        const diagnostics = await super.validateDocument(document, options, cancelToken);
        for (const diagnostic of diagnostics) diagnostic.code = diagnosticCode(diagnostic);
        return diagnostics;
    }
}
