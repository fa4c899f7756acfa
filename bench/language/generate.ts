/**
 * Generated .rebal files for the language server benchmark: valid files of any size shaped
 * like the samples, and an error-dense file like test/editor/deep-recovery.test.ts's.
 */

/** A 34-line unit (a topic, a group, a scenario), repeated with fresh names up to `lines`. */
export function generateFile(lines: number): string {
    const out: string[] = ['cluster {', '  group.initial.rebalance.delay.ms = 3s', '  network.latency = 2ms', '}', ''];
    // Whole units only, so the file is always valid (one more unit than fits would be cut).
    const unitLines = 34;
    for (let u = 0; out.length + unitLines <= lines; u++) {
        out.push(
            `topic orders${u} { partitions = ${6 + (u % 7)}  produce = ${1000 + u}/s }`,
            '',
            `group svc${u} {`,
            '  partition.assignment.strategy = [cooperative-sticky]',
            '  session.timeout.ms = 45000',
            '  heartbeat.interval.ms = 3s',
            '  max.poll.records = 500',
            '  process.time.per.record = 1ms   // simulation input',
            `  subscribe orders${u}`,
            `  consumer c1 { group.instance.id = "svc${u}-1" }`,
            `  consumer c2 { group.instance.id = "svc${u}-2" }`,
            '  consumer c3 {',
            `    group.instance.id = "svc${u}-3"`,
            '    partition.assignment.strategy = [cooperative-sticky, range]',
            '  }',
            '  consumers worker[1..6] { group.instance.id = "w-{i}" }',
            '}',
            '',
            `scenario deploy${u} {`,
            `  group svc${u}`,
            '  duration 15m',
            '  seed 42',
            '  at 0s start all',
            '  at 2m rolling-restart c1, c2, c3 every 40s down 20s',
            '  at 5m crash worker3',
            '  at 6m gc-pause c2 35s',
            `  at 9m add-partitions orders${u} 6`,
            '  at 11m stop worker4',
            '  expect rebalances >= 3',
            '  expect max-pause c1 < 1m',
            '  expect error c1 == none',
            '  expect state at 14m == Stable',
            '}',
            ''
        );
    }
    return out.join('\n');
}

/** As test/editor/deep-recovery.test.ts: every 4 lines a half-typed topic and scenario. */
export function errorDenseFile(lines: number): string {
    const out: string[] = [];
    for (let i = 0; out.length < lines; i++) out.push(`topic t${i} { partitions = `, `scenario s${i} {`, `  at 2m crash`, `  expect`);
    return out.slice(0, lines).join('\n');
}

/**
 * One group and scenarios without a `group` line (each runs against the file's only group):
 * the shape that made checking quadratic when every scenario looked for that group by
 * scanning the file.
 */
export function scenariosWithoutGroupLine(lines: number): string {
    const out: string[] = ['topic orders { partitions = 6 }', 'group svc {', '  subscribe orders', '  consumers worker[1..6]', '}'];
    for (let i = 0; out.length + 5 <= lines; i++) out.push(`scenario s${i} {`, '  at 0s start all', '  at 1m crash worker3', '  expect rebalances >= 1', '}');
    return out.join('\n');
}
