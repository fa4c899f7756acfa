/**
 * What a document exports and what it declares locally. Exports are Langium's default (the
 * top-level topics, groups and scenarios, which `import` makes visible). Local symbols are not
 * collected: every reference in the language is resolved by `RebalScopeProvider` from the
 * index (topics, groups) or from the scenario's group (members), never from local scopes, so
 * Langium's walk of the whole tree to build them (a description per named node) was spent for
 * nothing on every build.
 */
import { DefaultScopeComputation, MultiMap, type AstNode, type AstNodeDescription, type LangiumDocument, type LocalSymbols } from 'langium';

export class RebalScopeComputation extends DefaultScopeComputation {
    override async collectLocalSymbols(_document: LangiumDocument): Promise<LocalSymbols> {
        return new MultiMap<AstNode, AstNodeDescription>();
    }
}
