// Hover: a property key shows the catalog's doc, type, unit, Kafka default, range, where it
// belongs and the value written here, normalised; names show summaries of effective settings;
// event kinds, subjects and keywords explain themselves.
import { afterEach, describe, expect, test } from 'vitest';
import { EmptyFileSystem } from 'langium';
import { clearDocuments, expectHover, parseDocument } from 'langium/test';
import { createRebalServices } from '../../language-server/src/language/rebal-module.js';
import { PROPERTIES } from '../../language-server/src/model/properties.js';

const services = createRebalServices(EmptyFileSystem);
const hover = expectHover(services.Rebal);
afterEach(() => clearDocuments(services.shared));

/** The hover text at the single `<|>`, through the hover service. */
async function hoverAt(text: string): Promise<string> {
    const offset = text.indexOf('<|>');
    const document = await parseDocument(services.Rebal, text.replace('<|>', ''));
    const result = await services.Rebal.lsp.HoverProvider!.getHoverContent(document, {
        textDocument: { uri: document.uri.toString() },
        position: document.textDocument.positionAt(offset)
    });
    return (result?.contents as { value: string } | undefined)?.value ?? '';
}

const GROUP = `cluster { group.min.session.timeout.ms = 6s }
topic orders { partitions = 12  produce = 2000/s }
topic payments { partitions = 6  produce = 1.2k/s  key.skew = zipf(1.1) }
group svc {
  partition.assignment.strategy = [cooperative-sticky]
  session.timeout.ms = 30s
  subscribe orders, payments
  consumer c1 { group.instance.id = "svc-1" }
  consumer c3 { partition.assignment.strategy = [cooperative-sticky, range] }
  consumers worker[1..6] { group.instance.id = "w-{i}" }
}
`;

describe('property keys', () => {
    test('through langium/test: the first sentence of the catalog doc (what the e2e suite checks in VS Code)', async () => {
        await hover({ text: 'group g {\n  heartbeat.interval<|>.ms = 3s\n}', index: 0, hover: /Classic protocol: how often the heartbeat thread beats\./ });
    });

    test('a bare number on a .ms key: doc, type, unit, default, range, scopes, and 45000 = 45s', async () => {
        const text = await hoverAt('group g {\n  session.time<|>out.ms = 45000\n}');
        const info = PROPERTIES.get('session.timeout.ms')!;
        expect(text).toContain('**session.timeout.ms**');
        expect(text).toContain(info.doc);
        expect(text).toMatch(/\| type \| a duration/);
        expect(text).toMatch(/\| unit \| milliseconds/);
        // Kafka's default is 45 000 ms.
        expect(text).toContain('| Kafka default | `45s` |');
        expect(text).toMatch(/\| range \| 0ms … Integer\.MAX_VALUE/);
        expect(text).toMatch(/\| belongs in \| `cluster`, `group`, `consumer`/);
        // 45000 ms = 45 s.
        expect(text).toContain('| here | `45000` = `45s` |');
    });

    test('hovering the value shows the same, and a list is normalised to short assignor names', async () => {
        const text = await hoverAt('group g {\n  partition.assignment.strategy = [org.apache.kafka.clients.consumer.Cooperative<|>StickyAssignor]\n}');
        expect(text).toContain('**partition.assignment.strategy**');
        expect(text).toContain('= `[cooperative-sticky]`');
    });

    test('a simulation setting says so; a key in the wrong block says where it belongs', async () => {
        expect(await hoverAt('group g {\n  process.time.per<|>.record = 1ms\n}')).toContain('simulation setting (not a Kafka property)');
        const misplaced = await hoverAt('group g {\n  group.initial.rebalance<|>.delay.ms = 3s\n}');
        expect(misplaced).toContain('| belongs in | `cluster` |');
        expect(misplaced).toContain('not valid in `group`');
    });

    test('an unknown key suggests the nearest known one', async () => {
        expect(await hoverAt('group g {\n  session.timeout<|>.msec = 10s\n}')).toMatch(/Did you mean `session\.timeout\.ms`\?/);
    });

    test('rates and counts are normalised too', async () => {
        expect(await hoverAt('topic t { produce = 1200<|>/s }')).toContain('| here | `1200/s` = `1.2k/s` |');
        // 10k is already the shortest spelling of 10 000: shown as written.
        expect(await hoverAt('group g {\n  max.poll.<|>records = 10k\n}')).toContain('| here | `10k` |');
    });
});

describe('`key = unset`', () => {
    test('on the key or on `unset`: what applies then, Kafka\'s default, and what it hides', async () => {
        const text = `group g {\n  session.timeout.ms = 30s\n  consumer c3 { session.time<|>out.ms = unset }\n}`;
        // The catalog's default for session.timeout.ms: 45 000 ms.
        const onKey = await hoverAt(text);
        expect(onKey).toContain("| here | `unset`: Kafka's default `45s`; what the group or the cluster block write does not apply to this member");
        expect(await hoverAt(text.replace('session.time<|>out.ms = unset', 'session.timeout.ms = un<|>set'))).toBe(onKey);
    });

    test('in a deploy, in the cluster block, for a key with no default, in a topic', async () => {
        const deploy = await hoverAt('group g {\n  consumer c1\n}\nscenario s {\n  at 0s start c1\n  at 1m restart c1 down 5s with { group.protocol = consumer  partition.assignment.stra<|>tegy = unset }\n}');
        expect(deploy).toContain("| here | `unset`: Kafka's default `[range, cooperative-sticky]`; what the member, its group, the cluster block or an earlier deploy write no longer applies to the members this deploy starts |");
        expect(await hoverAt('cluster { group.initial.rebalance.delay<|>.ms = unset }')).toContain("`unset`: the broker's default `3s`; what the cluster block of an imported file writes no longer applies");
        expect(await hoverAt('group g {\n  consumer c1 { group.instance<|>.id = unset }\n}')).toContain('`unset`: no `group.instance.id`: a dynamic member');
        expect(await hoverAt('group g {\n  consumer.session.timeout<|>.ms = unset\n}')).toContain("the broker's `group.consumer.session.timeout.ms` applies");
        expect(await hoverAt('topic t { parti<|>tions = unset }')).toContain('the same as leaving the line out');
    });

    test('the member summary shows the value unset gives it', async () => {
        // c3 unsets the group's 30s: Kafka's 45s.
        const text = await hoverAt('group g {\n  session.timeout.ms = 30s\n  consumer c<|>3 { session.timeout.ms = unset }\n}');
        expect(text).toContain('session 45s, heartbeat 3s');
    });

    test('a topic summary counts an unset key as the default', async () => {
        const text = await hoverAt('topic t { partitions = unset }\ngroup g {\n  subscribe <|>t\n}');
        expect(text).toContain('partitions: 1 (default)');
    });
});

describe('names', () => {
    test('a consumer: effective protocol, static id, session and heartbeat', async () => {
        const text = await hoverAt(GROUP.replace('consumer c3', 'consumer c<|>3'));
        expect(text).toContain('**consumer c3** in group `svc`');
        // c3 lists range, which only supports EAGER.
        expect(text).toContain('protocol: classic, **EAGER** (assignors `[cooperative-sticky, range]`)');
        // Session from the group (30s), heartbeat Kafka's 3s.
        expect(text).toContain('session 30s, heartbeat 3s');
        expect(text).toContain('dynamic member');
    });

    test('a set member in a scenario: its index and its own instance id', async () => {
        const text = await hoverAt(GROUP + 'scenario s {\n  at 1m crash worker<|>3\n}');
        expect(text).toContain('**worker3** — member 3 of `consumers worker[1..6]`');
        expect(text).toContain('protocol: classic, **COOPERATIVE**');
        // "w-{i}" with i = 3.
        expect(text).toContain('`group.instance.id = "w-3"`');
    });

    test('a set: its size, its members and the ids its template produces', async () => {
        const text = await hoverAt(GROUP.replace('consumers worker[', 'consumers wor<|>ker['));
        expect(text).toContain('6 members (worker1 … worker6)');
        expect(text).toContain('"w-1", "w-2", "w-3", …');
    });

    test('a topic reference: partitions, rate, skew', async () => {
        const text = await hoverAt(GROUP.replace('subscribe orders, payments', 'subscribe orders, pay<|>ments'));
        expect(text).toContain('**topic payments**');
        expect(text).toContain('partitions: 6');
        expect(text).toContain('produce: 1.2k/s');
        expect(text).toContain('key skew: zipf(1.1)');
    });

    test('a group: members, subscription, who holds the group on EAGER', async () => {
        const text = await hoverAt(GROUP + 'scenario s {\n  group s<|>vc\n}');
        // c1, c3 and worker1..6: 8 members.
        expect(text).toContain('8 members');
        expect(text).toContain('classic protocol, rebalances **EAGER** (held back by c3)');
        // c1 and the six workers have instance ids.
        expect(text).toContain('7 static members');
    });
});

describe('keywords', () => {
    test('event kinds, subjects, group states and errors', async () => {
        expect(await hoverAt(GROUP + 'scenario s {\n  at 2m gc-pa<|>use c1 35s\n}')).toMatch(/\*\*gc-pause\*\* — event[\s\S]*heartbeat thread included/);
        expect(await hoverAt(GROUP + 'scenario s {\n  expect max-pa<|>use c1 < 1m\n}')).toMatch(/\*\*max-pause\*\* — expectation subject/);
        expect(await hoverAt(GROUP + 'scenario s {\n  expect state at 5m == Sta<|>ble\n}')).toMatch(/\*\*Stable\*\* — group state/);
        expect(await hoverAt(GROUP + 'scenario s {\n  expect error c1 == FENCED_<|>INSTANCE_ID\n}')).toMatch(/\*\*FENCED_INSTANCE_ID\*\* — Kafka error/);
        expect(await hoverAt(GROUP + 'scenario s {\n  at 2m rolling-restart c1 ev<|>ery 30s down 10s\n}')).toContain('The gap between two members of a rolling restart.');
    });

    test('`all` lists the members it stands for', async () => {
        expect(await hoverAt(GROUP + 'scenario s {\n  at 0s start a<|>ll\n}')).toContain('every member of group `svc`: c1, c3, worker1, worker2, worker3, … worker6');
    });
});
