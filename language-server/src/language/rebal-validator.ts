/**
 * The type checker: registers every check with Langium. The rules themselves live in
 * validation/ (one file per kind of check); codes are in validation/codes.ts.
 */
import type { IndexManager, LangiumDocument, LangiumDocuments, ValidationAcceptor, ValidationChecks } from 'langium';
import { AstUtils, UriUtils } from 'langium';
import * as ast from './generated/ast.js';
import type { RebalServices } from './rebal-module.js';
import { importClosure, importUri } from './imports.js';
import { MAX_SET_SIZE, setBounds } from './members.js';
import { Codes } from './validation/codes.js';
import type { GroupAnalyses } from './validation/group-analysis.js';
import { checkGroup } from './validation/group-checks.js';
import { checkDuplicateKeys, checkProperty } from './validation/property-checks.js';
import { checkScenario } from './validation/scenario-checks.js';
import { checkExpectations } from './validation/expectation-checks.js';
import { checkDuplicateNames, type ImportedDeclaration } from './validation/name-checks.js';
import type { SimulationService } from './simulation-service.js';

export function registerValidationChecks(services: RebalServices): void {
    const registry = services.validation.ValidationRegistry;
    const validator = services.validation.RebalValidator;
    const checks: ValidationChecks<ast.RebalAstType> = {
        Property: checkProperty,
        Cluster: (node, accept) => checkDuplicateKeys(node.properties, accept),
        Topic: (node, accept) => checkDuplicateKeys(node.properties, accept),
        Consumer: (node, accept) => checkDuplicateKeys(node.properties, accept),
        ConsumerSet: [(node, accept) => checkDuplicateKeys(node.properties, accept), validator.checkConsumerSet],
        WithBlock: (node, accept) => checkDuplicateKeys(node.properties, accept),
        Group: validator.checkGroup,
        Scenario: validator.checkScenario,
        Document: validator.checkDocument
    };
    registry.register(checks, validator);
}

export class RebalValidator {
    private readonly documents: LangiumDocuments;
    private readonly indexManager: IndexManager;
    private readonly simulation: () => SimulationService;
    private readonly analyses: () => GroupAnalyses;

    constructor(services: RebalServices) {
        this.documents = services.shared.workspace.LangiumDocuments;
        this.indexManager = services.shared.workspace.IndexManager;
        this.analyses = () => services.validation.GroupAnalyses;
        this.simulation = () => services.simulation.SimulationService;
    }

    checkGroup(group: ast.Group, accept: ValidationAcceptor): void {
        checkDuplicateKeys(group.items.filter(ast.isProperty), accept);
        checkGroup(this.analyses().analyse(group), accept);
    }

    checkScenario(scenario: ast.Scenario, accept: ValidationAcceptor): void {
        const analyses = this.analyses();
        checkScenario(scenario, (group) => analyses.analyse(group), accept);
        const simulation = this.simulation();
        if (simulation.enabled) checkExpectations(scenario, simulation.cached(scenario), accept);
    }

    checkConsumerSet(set: ast.ConsumerSet, accept: ValidationAcceptor): void {
        const bounds = setBounds(set);
        if (!bounds) {
            accept('error', `\`${set.name}[${set.from}..${set.to}]\` needs whole numbers with the first not above the second, e.g. \`${set.name}[1..6]\`.`, {
                node: set,
                property: 'from',
                code: Codes.invalidSet
            });
        } else if (bounds.to - bounds.from + 1 > MAX_SET_SIZE) {
            accept('error', `A set may declare at most ${MAX_SET_SIZE} members.`, { node: set, property: 'to', code: Codes.invalidSet });
        }
    }

    /** The top-level declarations of every file `document` imports, transitively (from the index). */
    private *importedDeclarations(document: LangiumDocument): Iterable<ImportedDeclaration> {
        const own = document.uri.toString();
        const closure = importClosure(document, this.documents);
        closure.delete(own);
        if (closure.size === 0) return;
        const root = document.parseResult.value;
        const direct = new Set(ast.isDocument(root) ? root.imports.map((imp) => importUri(document, imp)?.toString()) : []);
        const folder = UriUtils.dirname(document.uri);
        for (const description of this.indexManager.allElements(undefined, closure)) {
            yield { type: description.type, name: description.name, file: UriUtils.relative(folder, description.documentUri), direct: direct.has(description.documentUri.toString()) };
        }
    }

    checkDocument(document: ast.Document, accept: ValidationAcceptor): void {
        const langiumDocument = AstUtils.getDocument(document);
        for (const imp of document.imports) {
            const uri = importUri(langiumDocument, imp);
            if (!uri || !this.documents.hasDocument(uri)) {
                accept('error', `Cannot find ${imp.path}: imports are paths relative to this file, to a .rebal file in the workspace.`, {
                    node: imp,
                    property: 'path',
                    code: Codes.unresolvedImport
                });
            }
        }
        checkDuplicateNames(document, this.importedDeclarations(langiumDocument), accept);
    }
}
