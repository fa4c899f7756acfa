/**
 * Langium's document validator, with every diagnostic carrying its stable code: lexer and
 * parser errors become `syntax-error` and unresolved names `unresolved-reference`, the same
 * codes `rebal check` prints (diagnostic-shape.ts). Unresolved names get messages that say
 * where the name was looked for, with a "did you mean" (unresolved-names.ts). Wire it in the
 * module as `validation: { DocumentValidator: (services) => new RebalDocumentValidator(services) }`.
 */
import { DefaultDocumentValidator, DocumentValidator, type AstReflection, type LangiumCoreServices, type LangiumDocument, type ScopeProvider, type ValidationOptions } from 'langium';
import type { CancellationToken, Diagnostic } from 'vscode-languageserver';
import { diagnosticCode } from './diagnostic-shape.js';
import { describeUnresolved } from './unresolved-names.js';

export class RebalDocumentValidator extends DefaultDocumentValidator {
    private readonly scopes: ScopeProvider;
    private readonly reflection: AstReflection;

    constructor(services: LangiumCoreServices) {
        super(services);
        this.scopes = services.references.ScopeProvider;
        this.reflection = services.shared.AstReflection;
    }

    override async validateDocument(document: LangiumDocument, options?: ValidationOptions, cancelToken?: CancellationToken): Promise<Diagnostic[]> {
        const diagnostics = await super.validateDocument(document, options, cancelToken);
        for (const diagnostic of diagnostics) diagnostic.code = diagnosticCode(diagnostic);
        return diagnostics;
    }

    /** As Langium's (same range, same data), with our message and the suggested name in `data.replaceWith`. */
    protected override processLinkingErrors(document: LangiumDocument, diagnostics: Diagnostic[]): void {
        for (const reference of document.references) {
            const error = reference.error;
            if (!error) continue;
            const referenceType = this.reflection.getReferenceType(error.info);
            const { message, replaceWith } = describeUnresolved(error.info, referenceType, this.scopes);
            diagnostics.push(
                this.toDiagnostic('error', message, {
                    node: error.info.container,
                    range: reference.$refNode?.range,
                    property: error.info.property,
                    index: error.info.index,
                    data: {
                        code: DocumentValidator.LinkingError,
                        containerType: error.info.container.$type,
                        property: error.info.property,
                        refText: error.info.reference.$refText,
                        ...(replaceWith ? { replaceWith } : {})
                    }
                })
            );
        }
    }
}
