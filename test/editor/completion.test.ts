// Completion: property keys by block (the catalog's scopes), typed values, names, event kinds,
// expectation subjects and values — including in unfinished blocks, where the parser had to
// recover (the texts below mostly end at the cursor, with no closing brace).
import { afterEach, describe, expect, test, vi } from 'vitest';
import { EmptyFileSystem } from 'langium';
import { clearDocuments, expectCompletion } from 'langium/test';
import type { CompletionItem, CompletionList, MarkupContent } from 'vscode-languageserver';
import { createRebalServices } from '../../language-server/src/language/rebal-module.js';
import { PROPERTIES, propertiesInScope } from '../../language-server/src/model/properties.js';

const services = createRebalServices(EmptyFileSystem);
const complete = expectCompletion(services.Rebal);

afterEach(() => clearDocuments(services.shared));

const labels = (list: CompletionList) => list.items.map((i) => i.label);
const item = (list: CompletionList, label: string): CompletionItem => {
    const found = list.items.find((i) => i.label === label);
    if (!found) throw new Error(`no item ${label} among ${labels(list).join(', ')}`);
    return found;
};
const docOf = (i: CompletionItem) => (typeof i.documentation === 'string' ? i.documentation : (i.documentation as MarkupContent | undefined)?.value ?? '');

/** Completion at the single `<|>` of `text`; returns the list. */
async function at(text: string): Promise<CompletionList> {
    let result: CompletionList | undefined;
    await complete({ text, index: 0, assert: (list) => (result = list) });
    return result!;
}

const PRELUDE = `topic orders { partitions = 12 }
topic payments { partitions = 6 }
group svc {
  subscribe orders
  consumer c1
  consumers worker[1..3]
}
`;

describe('property keys follow the block the cursor is in', () => {
    test('a group offers every key the catalog allows on a group, and its statements', async () => {
        const list = await at('group g {\n  <|>\n}');
        const expected = propertiesInScope('group').map((p) => p.key);
        expect(labels(list)).toEqual(expect.arrayContaining([...expected, 'subscribe', 'consumer', 'consumers']));
        // Broker-only keys belong in `cluster`.
        expect(labels(list)).not.toContain('group.initial.rebalance.delay.ms');
        expect(labels(list)).not.toContain('partitions');
    });

    test('key items carry type in detail, doc and default in documentation', async () => {
        const list = await at('group g {\n  <|>\n}');
        const session = item(list, 'session.timeout.ms');
        // The catalog: a duration, default 45 000 ms, written 45s.
        expect(session.detail).toBe('duration · default 45s');
        expect(docOf(session)).toContain(PROPERTIES.get('session.timeout.ms')!.doc);
        expect(docOf(session)).toContain('Default: `45s`');
        expect(item(list, 'group.protocol').detail).toBe('classic | consumer · default classic');
        expect(item(list, 'partition.assignment.strategy').detail).toBe('list of range | roundrobin | sticky | cooperative-sticky · default [range, cooperative-sticky]');
    });

    test('half-typed dotted key in an unclosed group: `session.` completes to session.timeout.ms over the whole prefix', async () => {
        const text = 'group g {\n  session.<|>';
        const list = await at(text);
        expect(labels(list)).toEqual(['session.timeout.ms']);
        const edit = item(list, 'session.timeout.ms').textEdit as { range: { start: { line: number; character: number } }; newText: string };
        // `  session.` starts at column 2 of line 1; the edit replaces it and adds ` = `.
        expect(edit.range.start).toEqual({ line: 1, character: 2 });
        expect(edit.newText).toBe('session.timeout.ms = ');
    });

    test('keys already written in the block are not offered again', async () => {
        const list = await at('group g {\n  session.timeout.ms = 30s\n  <|>\n}');
        expect(labels(list)).not.toContain('session.timeout.ms');
        expect(labels(list)).toContain('heartbeat.interval.ms');
    });

    test('cluster, topic, consumer, consumers and with blocks get their own scopes', async () => {
        const cluster = labels(await at('cluster {\n  <|>\n}'));
        expect(cluster).toEqual(expect.arrayContaining(propertiesInScope('cluster').map((p) => p.key)));
        expect(cluster).not.toContain('group.instance.id'); // group and member only

        const topic = labels(await at('topic t {\n  <|>\n}'));
        expect(topic.sort()).toEqual(['key.skew', 'partitions', 'produce']);

        const member = labels(await at('group g {\n  consumer c1 {\n    <|>\n  }\n}'));
        expect(member).toContain('client.id');
        expect(member).toContain('group.instance.id');
        expect(member).not.toContain('consumer.session.timeout.ms'); // a group config, not a member's

        const set = labels(await at('group g {\n  consumers w[1..3] {\n    <|>'));
        expect(set).toEqual(expect.arrayContaining(propertiesInScope('member').map((p) => p.key)));

        const withBlock = labels(await at(PRELUDE + 'scenario s {\n  at 1m start c1 with { <|>'));
        expect(withBlock).toContain('partition.assignment.strategy');
        expect(withBlock).not.toContain('network.latency');
    });

    test('several properties on one line: after `partitions = 3` a new key starts', async () => {
        expect(labels(await at('topic t { partitions = 3  pro<|> }'))).toEqual(['produce']);
    });

    test('a scenario offers its statements and the scenario-scoped keys', async () => {
        const list = labels(await at(PRELUDE + 'scenario s {\n  <|>'));
        expect(list).toEqual(expect.arrayContaining(['group', 'duration', 'seed', 'at', 'expect', 'network.latency', 'assignor.time']));
        expect(list).not.toContain('session.timeout.ms');
    });
});

describe('values after `=` are typed by the catalog', () => {
    test('enum and boolean values', async () => {
        // `unset` (take the key away) comes with every key's values, after them.
        expect(labels(await at('group g {\n  group.protocol = <|>'))).toEqual(['classic', 'consumer', 'unset']);
        const bool = await at('group g {\n  enable.auto.commit = <|>');
        expect(labels(bool)).toEqual(['true', 'false', 'unset']);
        // Kafka's default is true.
        expect(item(bool, 'true').detail).toBe('boolean (Kafka default)');
    });

    test('durations: the default first, with units, typical values inside the range', async () => {
        const list = await at('group g {\n  session.timeout.ms = <|>');
        const sorted = [...list.items].sort((a, b) => a.sortText!.localeCompare(b.sortText!)).map((i) => i.label);
        expect(sorted[0]).toBe('45s');
        expect(labels(list)).toEqual(expect.arrayContaining(['10s', '30s', '1m']));
        expect(labels(list).filter((l) => l !== 'unset').every((l) => /^\d+(ms|s|m|h)$/.test(l))).toBe(true);
        expect(sorted.at(-1)).toBe('unset');
    });

    test('heartbeat: the largest whole second below a third of the session timeout in force', async () => {
        // session.timeout.ms = 30s on the group: a third is 10s, and heartbeat-ratio warns
        // from a third on, so the proposal is 9s.
        const list = await at('group g {\n  session.timeout.ms = 30s\n  heartbeat.interval.ms = <|>\n}');
        const first = [...list.items].sort((a, b) => a.sortText!.localeCompare(b.sortText!))[0];
        expect(first.label).toBe('9s');
        expect(first.detail).toBe('below a third of session.timeout.ms (30s)');
        // On a member that inherits Kafka's 45s: a third is 15s, so 14s.
        const member = await at('group g {\n  consumer c1 {\n    heartbeat.interval.ms = <|>\n  }\n}');
        expect(item(member, '14s').detail).toBe('below a third of session.timeout.ms (45s)');
    });

    test('assignor names inside `[…]`, without the ones already listed', async () => {
        expect(labels(await at('group g {\n  partition.assignment.strategy = [cooperative-sticky, <|>'))).toEqual(['range', 'roundrobin', 'sticky']);
        const first = await at('group g {\n  partition.assignment.strategy = [<|>');
        expect(labels(first)).toEqual(['range', 'roundrobin', 'sticky', 'cooperative-sticky']);
        expect(docOf(item(first, 'cooperative-sticky'))).toMatch(/COOPERATIVE/);
    });

    test('whole lists after `=`: the upgrade steps and the default', async () => {
        const list = labels(await at('group g {\n  partition.assignment.strategy = <|>'));
        expect(list).toEqual(expect.arrayContaining(['[cooperative-sticky]', '[cooperative-sticky, range]', '[range, cooperative-sticky]']));
    });

    test('an instance-id template in a set', async () => {
        expect(labels(await at('group g {\n  consumers worker[1..6] {\n    group.instance.id = <|>'))).toEqual(['"worker-{i}"', 'unset']);
    });

    test('`unset` says what applies then: Kafka\'s default, whatever lower layers write', async () => {
        // In a deploy's `with`: session.timeout.ms falls back to the catalog's 45 000 ms.
        const deploy = await at('group g {\n  session.timeout.ms = 30s\n  consumer c1\n}\nscenario s {\n  at 0s start c1\n  at 1m restart c1 down 5s with { group.protocol = consumer  session.timeout.ms = <|>');
        const unset = item(deploy, 'unset');
        expect(unset.detail).toBe('take the key away here (default 45s)');
        expect(docOf(unset)).toContain("Kafka's default `45s`");
        expect(docOf(unset)).toContain('an earlier deploy');
        // A key with no default: group.instance.id unset makes the member dynamic.
        expect(docOf(item(await at('group g {\n  consumer c1 { group.instance.id = <|>'), 'unset'))).toContain('a dynamic member');
        // In a `slow` event and in the cluster block too.
        expect(labels(await at('group g {\n  consumer c1\n}\nscenario s {\n  at 1m slow c1 process.time.per.record = <|>'))).toContain('unset');
        expect(docOf(item(await at('cluster {\n  group.initial.rebalance.delay.ms = <|>'), 'unset'))).toContain("the broker's default `3s`");
        // Not inside a list: `unset` takes the whole key away.
        expect(labels(await at('group g {\n  partition.assignment.strategy = [cooperative-sticky, <|>'))).not.toContain('unset');
    });

    test('rates and skew in a topic', async () => {
        expect(labels(await at('topic t { produce = <|>'))).toContain('2000/s');
        // No `unset` in a topic: it has no lower layer, so it would only restate the default.
        expect(labels(await at('topic t { key.skew = <|>'))).toEqual(['uniform', 'zipf(1.1)']);
    });
});

describe('names, events and expectations', () => {
    test('topics after `subscribe` in a group', async () => {
        expect(labels(await at('topic orders { partitions = 3 }\ntopic pay { partitions = 1 }\ngroup g {\n  subscribe <|>'))).toEqual(expect.arrayContaining(['orders', 'pay']));
    });

    test('groups after `group` in a scenario', async () => {
        expect(labels(await at(PRELUDE + 'group other { }\nscenario s {\n  group <|>'))).toEqual(expect.arrayContaining(['svc', 'other']));
    });

    test('event kinds after `at TIME` in an unfinished scenario', async () => {
        const list = await at(PRELUDE + 'scenario s {\n  at 2m <|>');
        expect(labels(list).sort()).toEqual(
            ['start', 'stop', 'crash', 'restart', 'rolling-restart', 'gc-pause', 'network-partition', 'slow', 'subscribe', 'add-partitions', 'produce', 'coordinator-failover'].sort()
        );
        expect(item(list, 'rolling-restart').detail).toBe('rolling-restart MEMBERS every T down D [with { … }]');
    });

    test('members after an event keyword: consumers, sets, set members and all', async () => {
        // consumers worker[1..3] declares worker1, worker2, worker3.
        const list = labels(await at(PRELUDE + 'scenario s {\n  group svc\n  at 2m crash <|>'));
        expect(list.sort()).toEqual(['all', 'c1', 'worker', 'worker1', 'worker2', 'worker3']);
        // After a comma, a list goes on: no `all`.
        const more = labels(await at(PRELUDE + 'scenario s {\n  at 2m rolling-restart c1, <|>'));
        expect(more).toContain('worker3');
        expect(more).not.toContain('all');
    });

    test('a typed prefix narrows the members: `w` → the set and its members', async () => {
        expect(labels(await at(PRELUDE + 'scenario s {\n  at 5m crash w<|>')).sort()).toEqual(['worker', 'worker1', 'worker2', 'worker3']);
    });

    test('topics after `subscribe MEMBER` in a scenario, with no error logged on the way', async () => {
        // Langium used to build this reference on the MemberRef and log "not a reference".
        const logged = vi.spyOn(console, 'error');
        try {
            expect(labels(await at(PRELUDE + 'scenario s {\n  at 1m subscribe worker2 <|>')).sort()).toEqual(['orders', 'payments']);
            expect(logged).not.toHaveBeenCalled();
        } finally {
            logged.mockRestore();
        }
    });

    test('durations after gc-pause M, every, down', async () => {
        expect(labels(await at(PRELUDE + 'scenario s {\n  at 6m gc-pause c1 <|>'))).toContain('35s');
        expect(labels(await at(PRELUDE + 'scenario s {\n  at 2m rolling-restart c1, c1 every <|>'))).toContain('30s');
        expect(labels(await at(PRELUDE + 'scenario s {\n  at 2m restart c1 down <|>'))).toContain('10s');
    });

    test('topics after add-partitions and produce, then counts and rates', async () => {
        expect(labels(await at(PRELUDE + 'scenario s {\n  at 9m add-partitions <|>')).sort()).toEqual(['orders', 'payments']);
        expect(labels(await at(PRELUDE + 'scenario s {\n  at 9m add-partitions orders <|>'))).toContain('6');
        expect(labels(await at(PRELUDE + 'scenario s {\n  at 9m produce orders <|>'))).toContain('10k/s');
    });

    test('expectation subjects after `expect` in an unfinished scenario', async () => {
        const list = await at(PRELUDE + 'scenario s {\n  expect <|>');
        expect(labels(list)).toEqual(expect.arrayContaining(['rebalances', 'rebalance-times', 'state', 'owner', 'max-pause', 'error', 'max-lag', 'duplicates']));
        expect(docOf(item(list, 'rebalances'))).toMatch(/generation bumps/);
    });

    test('group states and Kafka errors as expectation values', async () => {
        expect(labels(await at(PRELUDE + 'scenario s {\n  expect state at 14m == <|>'))).toEqual(['Empty', 'PreparingRebalance', 'CompletingRebalance', 'Stable', 'Dead', 'Assigning', 'Reconciling']);
        const errors = labels(await at(PRELUDE + 'scenario s {\n  expect error c1 == <|>'));
        expect(errors).toEqual(expect.arrayContaining(['none', 'INCONSISTENT_GROUP_PROTOCOL', 'FENCED_INSTANCE_ID', 'UNRELEASED_INSTANCE_ID']));
    });

    test('members after a member subject, partitions of the topic after `owner topic[`', async () => {
        expect(labels(await at(PRELUDE + 'scenario s {\n  expect max-pause <|>'))).toEqual(expect.arrayContaining(['c1', 'worker2']));
        // orders has 12 partitions: 0 … 11.
        expect(labels(await at(PRELUDE + 'scenario s {\n  expect owner orders[<|>'))).toEqual(Array.from({ length: 12 }, (_, i) => String(i)));
        const owner = labels(await at(PRELUDE + 'scenario s {\n  expect owner orders[3] at 5m == <|>'));
        expect(owner).toEqual(expect.arrayContaining(['none', 'c1', 'worker1']));
    });

    test('top level: the element keywords', async () => {
        expect(labels(await at('<|>')).sort()).toEqual(['cluster', 'group', 'import', 'scenario', 'topic']);
    });

    test('no keyword that the grammar only accepts as a name is proposed', async () => {
        // `Name: ID | 'consumer' | 'stop' | …` lets keywords be names; they are not proposals.
        const list = labels(await at('group g {\n  group.protocol = <|>'));
        expect(list).not.toContain('stop');
        expect(list).not.toContain('lag');
    });
});

describe('long files: completion reads the top-level element around the cursor', () => {
    const unit = (u: number) => `topic t${u} { partitions = 3 }\ngroup g${u} {\n  subscribe t${u}\n  consumers w[1..2]\n}\nscenario s${u} {\n  group g${u}\n  at 1m crash w1\n}\n`;
    const many = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => unit(from + i)).join('');

    test('in the middle of a 3,600-line file, the members of that scenario\'s group', async () => {
        // 400 units of 9 lines; the cursor in a scenario of its own after unit 199.
        const text = many(0, 200) + 'scenario mid {\n  group g150\n  at 2m crash <|>\n}\n' + many(200, 400);
        expect(labels(await at(text)).sort()).toEqual(['all', 'w', 'w1', 'w2']);
    });

    test('a syntax error earlier in the element: still the right block and group', async () => {
        // The half-typed `expect` line makes the parser recover before the cursor.
        const text = many(0, 5) + 'scenario mid {\n  group g3\n  expect\n  at 2m crash <|>\n}\n' + many(5, 10);
        expect(labels(await at(text)).sort()).toEqual(['all', 'w', 'w1', 'w2']);
    });

    test('an unclosed block earlier in the file: keys of the group the cursor is in', async () => {
        const text = 'group broken {\n  session.timeout.ms = \n' + many(0, 3) + 'group g9 {\n  heartbeat.<|>\n}\n';
        expect(labels(await at(text))).toEqual(['heartbeat.interval.ms']);
    });
});

