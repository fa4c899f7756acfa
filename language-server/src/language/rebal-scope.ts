/**
 * Name resolution. Topics and groups are visible in their own file and in the files that
 * import it (transitively). Members are looked up in the scenario's group: `c1`, a set
 * `worker`, or one member of a set, `worker3`.
 */
import {
    AstUtils,
    DefaultScopeProvider,
    EMPTY_SCOPE,
    MapScope,
    WorkspaceCache,
    type AstNodeDescription,
    type LangiumCoreServices,
    type LangiumDocuments,
    type ReferenceInfo,
    type Scope
} from 'langium';
import * as ast from './generated/ast.js';
import { importClosure } from './imports.js';
import { declaredMembers, scenarioGroup } from './members.js';

export class RebalScopeProvider extends DefaultScopeProvider {
    private readonly documents: LangiumDocuments;
    /** Per document and reference type: a name → description map, so linking stays linear. */
    private readonly fileScopes: WorkspaceCache<string, Scope>;
    /** Per scenario: its group's members. Cleared on any workspace change, like fileScopes. */
    private readonly memberScopes: WorkspaceCache<ast.Scenario, Scope>;

    constructor(services: LangiumCoreServices) {
        super(services);
        this.documents = services.shared.workspace.LangiumDocuments;
        this.fileScopes = new WorkspaceCache(services.shared);
        this.memberScopes = new WorkspaceCache(services.shared);
    }

    override getScope(context: ReferenceInfo): Scope {
        if (ast.isMemberRef(context.container) && context.property === 'member') {
            return this.memberScope(context.container);
        }
        // Topics and groups are top-level: the file's own and its imports' index entries are
        // the whole scope (no local symbols to walk).
        const referenceType = this.reflection.getReferenceType(context);
        if (referenceType === ast.Topic.$type || referenceType === ast.Group.$type) return this.getGlobalScope(referenceType, context);
        return super.getScope(context);
    }

    /** Only what the file itself and its imports declare. */
    protected override getGlobalScope(referenceType: string, context: ReferenceInfo): Scope {
        const document = AstUtils.getDocument(context.container);
        const key = `${document.uri.toString()}\u0000${referenceType}`;
        return this.fileScopes.get(key, () => {
            const uris = importClosure(document, this.documents);
            return new MapScope(this.indexManager.allElements(referenceType, uris));
        });
    }

    private memberScope(ref: ast.MemberRef): Scope {
        const scenario = AstUtils.getContainerOfType(ref, ast.isScenario);
        if (!scenario) return EMPTY_SCOPE;
        const known = this.memberScopes.get(scenario);
        if (known) return known;
        const group = scenarioGroup(scenario);
        if (!group) return EMPTY_SCOPE;
        const scope = this.buildMemberScope(group);
        this.memberScopes.set(scenario, scope);
        return scope;
    }

    private buildMemberScope(group: ast.Group): Scope {
        const descriptions: AstNodeDescription[] = [];
        for (const item of group.items) {
            if (ast.isConsumer(item) || ast.isConsumerSet(item)) descriptions.push(this.descriptions.createDescription(item, item.name));
        }
        // worker1 … workerN point at their set; the model builder reads the index from the name.
        for (const member of declaredMembers(group)) {
            if (member.index !== undefined) descriptions.push(this.descriptions.createDescription(member.node, member.name));
        }
        return new MapScope(descriptions);
    }
}
