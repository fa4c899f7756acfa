/**
 * A group's members with their effective settings and where each came from, computed once
 * per group for the checks that compare members or combine settings.
 */
import type { LangiumDocuments } from 'langium';
import { AstUtils } from 'langium';
import * as ast from '../generated/ast.js';
import { resolveClusterConfig, resolveMemberConfig } from '../../model/config.js';
import type { ClusterConfig, MemberConfig } from '../../model/simulation-input.js';
import { declaredMembers, type DeclaredMember } from '../members.js';
import { clusterBlocks, clusterLayer, groupLayer, groupSubscription, memberLayer, toSettingsLayer, writtenIn, type WrittenLayer, type WrittenSetting } from '../settings.js';

export interface AnalysedMember {
    readonly member: DeclaredMember;
    readonly layers: readonly WrittenLayer[];
    readonly config: MemberConfig;
    /** The line that sets `key` for this member, if any. */
    written(key: string): WrittenSetting | undefined;
}

export interface GroupAnalysis {
    readonly group: ast.Group;
    readonly cluster: ClusterConfig;
    readonly clusterLayer: WrittenLayer;
    readonly members: readonly AnalysedMember[];
    readonly subscription: readonly string[];
}

export function analyseGroup(group: ast.Group, documents: LangiumDocuments): GroupAnalysis {
    const root = AstUtils.getContainerOfType(group, ast.isDocument)!;
    const cLayer = clusterLayer(clusterBlocks(root, documents));
    const gLayer = groupLayer(group);
    const subscription = groupSubscription(group);
    const members = declaredMembers(group).map((member): AnalysedMember => {
        const layers = [cLayer, gLayer, memberLayer(member)];
        const config = resolveMemberConfig(member.name, layers.map(toSettingsLayer), subscription, member.index);
        return { member, layers, config, written: (key) => writtenIn(layers, key) };
    });
    return {
        group,
        cluster: resolveClusterConfig([toSettingsLayer(cLayer)], [toSettingsLayer(gLayer)]),
        clusterLayer: cLayer,
        members,
        subscription
    };
}

/** EAGER unless every assignor in the member's own list is cooperative (kafka-semantics.md §2.7). */
export function rebalanceMode(config: MemberConfig): 'EAGER' | 'COOPERATIVE' {
    return config.assignors.length > 0 && config.assignors.every((a) => a === 'cooperative-sticky') ? 'COOPERATIVE' : 'EAGER';
}
