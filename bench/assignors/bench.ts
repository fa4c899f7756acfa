/**
 * Runs one benchmark case (named on the command line) in this process and prints one JSON line:
 * the time of each measured `assign` call and the process's peak memory. run.mjs starts one
 * process per case so that peaks do not mix.
 */
import { assign } from '../../language-server/src/assignors/index.js';
import { CASES } from './cases.js';

const name = process.argv[2];
const runs = Number(process.argv[3] ?? '3');
const benchCase = CASES.find((c) => c.name === name);
if (!benchCase) {
    console.error(`unknown case "${name}"; cases: ${CASES.map((c) => c.name).join(', ')}`);
    process.exit(2);
}
const input = benchCase.build();
const partitions = Object.values(input.topics).reduce((a, b) => a + b, 0);
const rssBeforeMb = process.memoryUsage().rss / 2 ** 20;
const times: number[] = [];
const cpuTimes: number[] = [];
let assigned = 0;
for (let i = 0; i < runs; i++) {
    const cpuStart = process.cpuUsage();
    const start = process.hrtime.bigint();
    const result = assign(benchCase.assignor, input);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    const cpu = process.cpuUsage(cpuStart);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
    assigned = Object.values(result.assignment).reduce((a, l) => a + l.length, 0);
}
console.log(JSON.stringify({
    name,
    members: input.members.length,
    partitions,
    assigned,
    times,
    cpuTimes,
    rssBeforeMb,
    peakRssMb: process.resourceUsage().maxRSS / 1024
}));
