/**
 * Dependency injection for the rebal language: Langium's defaults plus our services. Each
 * service lives in its own file; this module only wires them.
 */
import { inject, type Module } from 'langium';
import {
    createDefaultModule,
    createDefaultSharedModule,
    type DefaultSharedModuleContext,
    type LangiumServices,
    type LangiumSharedServices,
    type PartialLangiumServices,
    type PartialLangiumSharedServices
} from 'langium/lsp';
import { RebalGeneratedModule, RebalGeneratedSharedModule } from './generated/module.js';
import { RebalScopeProvider } from './rebal-scope.js';
import { RebalScopeComputation } from './rebal-scope-computation.js';
import { RebalDocumentBuilder } from './rebal-document-builder.js';
import { createRebalCompletionParser, createRebalParser } from './rebal-parser.js';
import { RebalValidator, registerValidationChecks } from './rebal-validator.js';
import { GroupAnalyses } from './validation/group-analysis.js';
import { SimulationService } from './simulation-service.js';
import { RebalDocumentValidator } from './validation/document-validator.js';
import { RebalCodeLensProvider } from './rebal-code-lens.js';
import { RebalCodeActionProvider } from './rebal-code-actions.js';
import { RebalHoverProvider } from './rebal-hover.js';
import { RebalCompletionProvider } from './rebal-completion.js';
import { RebalFormatter } from './rebal-formatter.js';
import { RebalSemanticTokenProvider } from './rebal-semantic-tokens.js';
import { RebalInlayHintProvider } from './rebal-inlay-hints.js';
import { RebalDocumentSymbolProvider } from './rebal-document-symbols.js';
import { RebalFoldingRangeProvider } from './rebal-folding.js';
import { RebalReferencesProvider } from './rebal-references.js';
import { RebalRenameProvider } from './rebal-rename.js';

export interface RebalAddedServices {
    validation: {
        RebalValidator: RebalValidator;
        /** Group analyses and cluster layers, cached until the workspace changes. */
        GroupAnalyses: GroupAnalyses;
    };
    simulation: {
        SimulationService: SimulationService;
    };
}

export type RebalServices = LangiumServices & RebalAddedServices;

export const RebalModule: Module<RebalServices, PartialLangiumServices & RebalAddedServices> = {
    parser: {
        LangiumParser: (services) => createRebalParser(services),
        CompletionParser: (services) => createRebalCompletionParser(services)
    },
    references: {
        ScopeProvider: (services) => new RebalScopeProvider(services),
        ScopeComputation: (services) => new RebalScopeComputation(services)
    },
    validation: {
        RebalValidator: (services) => new RebalValidator(services),
        GroupAnalyses: (services) => new GroupAnalyses(services.shared),
        DocumentValidator: (services) => new RebalDocumentValidator(services)
    },
    simulation: {
        SimulationService: (services) => new SimulationService(services.shared)
    },
    lsp: {
        CodeLensProvider: (services) => new RebalCodeLensProvider(services),
        CodeActionProvider: (services) => new RebalCodeActionProvider(services),
        HoverProvider: (services) => new RebalHoverProvider(services),
        CompletionProvider: (services) => new RebalCompletionProvider(services),
        Formatter: () => new RebalFormatter(),
        SemanticTokenProvider: (services) => new RebalSemanticTokenProvider(services),
        InlayHintProvider: (services) => new RebalInlayHintProvider(services),
        DocumentSymbolProvider: () => new RebalDocumentSymbolProvider(),
        FoldingRangeProvider: () => new RebalFoldingRangeProvider(),
        ReferencesProvider: (services) => new RebalReferencesProvider(services),
        RenameProvider: (services) => new RebalRenameProvider(services)
    }
};

/** Shared services (one set for every language of the server): the builder that rebuilds importers. */
export const RebalSharedModule: Module<LangiumSharedServices, PartialLangiumSharedServices> = {
    workspace: {
        DocumentBuilder: (services) => new RebalDocumentBuilder(services)
    }
};

export function createRebalServices(context: DefaultSharedModuleContext): { shared: LangiumSharedServices; Rebal: RebalServices } {
    const shared = inject(createDefaultSharedModule(context), RebalGeneratedSharedModule, RebalSharedModule);
    const Rebal = inject(createDefaultModule({ shared }), RebalGeneratedModule, RebalModule);
    shared.ServiceRegistry.register(Rebal);
    registerValidationChecks(Rebal);
    if (!context.connection) {
        // Without a language client the workspace is never initialised; do it here so
        // documents can be built (tests, CLI).
        shared.workspace.ConfigurationProvider.initialized({});
    }
    return { shared, Rebal };
}
