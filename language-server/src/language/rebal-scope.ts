/**
 * Name resolution. Topics and groups are visible in their own file and in the files that
 * import it (transitively). Members are looked up in the scenario's group: `c1`, a set
 * `worker`, or one member of a set, `worker3`.
 */
import { AstUtils, DefaultScopeProvider, EMPTY_SCOPE, type AstNodeDescription, type LangiumCoreServices, type LangiumDocuments, type ReferenceInfo, type Scope } from 'langium';
import * as ast from './generated/ast.js';
import { importClosure } from './imports.js';
import { declaredMembers, scenarioGroup } from './members.js';

export class RebalScopeProvider extends DefaultScopeProvider {
    private readonly documents: LangiumDocuments;

    constructor(services: LangiumCoreServices) {
        super(services);
        this.documents = services.shared.workspace.LangiumDocuments;
    }

    override getScope(context: ReferenceInfo): Scope {
        if (ast.isMemberRef(context.container) && context.property === 'member') {
            return this.memberScope(context.container);
        }
        return super.getScope(context);
    }

    /** Only what the file itself and its imports declare. */
    protected override getGlobalScope(referenceType: string, context: ReferenceInfo): Scope {
        const document = AstUtils.getDocument(context.container);
        const uris = importClosure(document, this.documents);
        return this.createScope(this.indexManager.allElements(referenceType, uris));
    }

    private memberScope(ref: ast.MemberRef): Scope {
        const scenario = AstUtils.getContainerOfType(ref, ast.isScenario);
        const group = scenario ? scenarioGroup(scenario) : undefined;
        if (!group) return EMPTY_SCOPE;
        const descriptions: AstNodeDescription[] = [];
        for (const item of group.items) {
            if (ast.isConsumer(item) || ast.isConsumerSet(item)) descriptions.push(this.descriptions.createDescription(item, item.name));
        }
        // worker1 … workerN point at their set; the model builder reads the index from the name.
        for (const member of declaredMembers(group)) {
            if (member.index !== undefined) descriptions.push(this.descriptions.createDescription(member.node, member.name));
        }
        return this.createScope(descriptions);
    }
}
