/** Runs one benchmark case in this process and prints one JSON line (the runner spawns one process per case). */
import { simulate } from '../../language-server/src/simulation/index.js';
import { benchInput } from './cases.js';

const [members, partitions, assignor] = process.argv.slice(2);
const input = benchInput(Number(members), Number(partitions), (assignor as 'range' | 'cooperative-sticky') ?? 'range');
const started = process.hrtime.bigint();
const cpuBefore = process.cpuUsage();
const { trace } = simulate(input);
const cpu = process.cpuUsage(cpuBefore);
const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
// CPU time is what the engine costs; wall time also counts other processes on a shared machine.
const cpuMs = (cpu.user + cpu.system) / 1000;
const json = JSON.stringify(trace);
console.log(
    JSON.stringify({
        members: Number(members),
        partitions: Number(partitions),
        assignor: assignor ?? 'range',
        wallMs,
        cpuMs,
        simulatedMsPerWallSecond: input.durationMs / (wallMs / 1000),
        simulatedMsPerCpuSecond: input.durationMs / (cpuMs / 1000),
        events: trace.summary.eventsProcessed,
        rebalances: trace.summary.rebalances,
        traceBytes: json.length,
        ownershipSpans: trace.ownership.length,
        traceEvents: trace.events.length,
        maxRssMb: process.resourceUsage().maxRSS / 1024
    })
);
