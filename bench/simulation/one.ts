/** Runs one benchmark case in this process and prints one JSON line (the runner spawns one process per case). */
import { simulate } from '../../language-server/src/simulation/index.js';
import { benchInput } from './cases.js';

const [members, partitions, assignor] = process.argv.slice(2);
const input = benchInput(Number(members), Number(partitions), (assignor as 'range' | 'cooperative-sticky') ?? 'range');
const started = process.hrtime.bigint();
const { trace } = simulate(input);
const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
const json = JSON.stringify(trace);
console.log(
    JSON.stringify({
        members: Number(members),
        partitions: Number(partitions),
        assignor: assignor ?? 'range',
        wallMs,
        simulatedMsPerWallSecond: input.durationMs / (wallMs / 1000),
        events: trace.summary.eventsProcessed,
        rebalances: trace.summary.rebalances,
        traceBytes: json.length,
        ownershipSpans: trace.ownership.length,
        traceEvents: trace.events.length,
        maxRssMb: process.resourceUsage().maxRSS / 1024
    })
);
