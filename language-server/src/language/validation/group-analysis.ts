/**
 * A group's members with their effective settings and where each came from, computed once
 * per group for the checks that compare members or combine settings.
 */
import type { LangiumDocuments, LangiumSharedCoreServices } from 'langium';
import { AstUtils, WorkspaceCache } from 'langium';
import * as ast from '../generated/ast.js';
import { resolveClusterConfig, resolveMemberConfig, type SettingsLayer } from '../../model/config.js';
import type { ClusterConfig, MemberConfig } from '../../model/simulation-input.js';
import { declaredMembers, type DeclaredMember } from '../members.js';
import { clusterBlocks, clusterLayer, decidingLine, groupLayer, groupSubscription, memberLayer, toSettingsLayer, writtenIn, type WrittenLayer, type WrittenSetting } from '../settings.js';

export interface AnalysedMember {
    readonly member: DeclaredMember;
    readonly layers: readonly WrittenLayer[];
    readonly config: MemberConfig;
    /** The line that sets `key` for this member, if any; none when the innermost line is `key = unset`. */
    written(key: string): WrittenSetting | undefined;
    /** The line that decided the member's value of `key`, an `unset` line included (the line to blame). */
    decidedBy(key: string): WrittenSetting | undefined;
}

/** A member with its layers (cluster → group → member → deploys) and the config they resolve to. */
export function analysedMember(member: DeclaredMember, layers: readonly WrittenLayer[], config: MemberConfig): AnalysedMember {
    return { member, layers, config, written: (key) => writtenIn(layers, key), decidedBy: (key) => decidingLine(layers, key) };
}

export interface GroupAnalysis {
    readonly group: ast.Group;
    readonly cluster: ClusterConfig;
    readonly clusterLayer: WrittenLayer;
    readonly members: readonly AnalysedMember[];
    readonly subscription: readonly string[];
}

/** The merged `cluster { … }` blocks a document sees (its imports' and its own), written and as values. */
export interface DocumentClusterLayer {
    readonly written: WrittenLayer;
    readonly settings: SettingsLayer;
}

export function documentClusterLayer(root: ast.Document, documents: LangiumDocuments): DocumentClusterLayer {
    const written = clusterLayer(clusterBlocks(root, documents));
    return { written, settings: toSettingsLayer(written) };
}

/** `cluster` is the group's document's cluster layer; computed here when not given. */
export function analyseGroup(group: ast.Group, documents: LangiumDocuments, cluster?: DocumentClusterLayer): GroupAnalysis {
    const { written: cLayer, settings: cSettings } = cluster ?? documentClusterLayer(AstUtils.getContainerOfType(group, ast.isDocument)!, documents);
    const gLayer = groupLayer(group);
    const gSettings = toSettingsLayer(gLayer);
    const subscription = groupSubscription(group);
    const members = declaredMembers(group).map((member): AnalysedMember => {
        const mLayer = memberLayer(member);
        const layers = [cLayer, gLayer, mLayer];
        const config = resolveMemberConfig(member.name, [cSettings, gSettings, toSettingsLayer(mLayer)], subscription, member.index);
        return analysedMember(member, layers, config);
    });
    return {
        group,
        cluster: resolveClusterConfig([cSettings], [gSettings]),
        clusterLayer: cLayer,
        members,
        subscription
    };
}

/**
 * Group analyses and cluster layers, computed once until the workspace changes. Every group
 * used to re-read its document's `cluster` blocks (a scan of all the document's elements), and
 * a group was analysed again for each scenario that runs against it, which made a build grow
 * with the square of the number of groups. Cleared on any document change or removal, since a
 * cluster layer depends on the imported files and a group's links on other files.
 */
export class GroupAnalyses {
    private readonly documents: LangiumDocuments;
    private readonly groups: WorkspaceCache<ast.Group, GroupAnalysis>;
    private readonly clusters: WorkspaceCache<ast.Document, DocumentClusterLayer>;

    constructor(shared: LangiumSharedCoreServices) {
        this.documents = shared.workspace.LangiumDocuments;
        this.groups = new WorkspaceCache(shared);
        this.clusters = new WorkspaceCache(shared);
    }

    analyse(group: ast.Group): GroupAnalysis {
        return this.groups.get(group, () => analyseGroup(group, this.documents, this.clusterLayer(AstUtils.getContainerOfType(group, ast.isDocument)!)));
    }

    clusterLayer(root: ast.Document): DocumentClusterLayer {
        return this.clusters.get(root, () => documentClusterLayer(root, this.documents));
    }
}

/** EAGER unless every assignor in the member's own list is cooperative (kafka-semantics.md §2.7). */
export function rebalanceMode(config: MemberConfig): 'EAGER' | 'COOPERATIVE' {
    return config.assignors.length > 0 && config.assignors.every((a) => a === 'cooperative-sticky') ? 'COOPERATIVE' : 'EAGER';
}
