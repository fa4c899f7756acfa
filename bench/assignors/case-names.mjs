// The case names and Kafka's times, for run.mjs (kept in step with cases.ts).
export const CASES = [
    { name: 'cooperative-sticky first', kafkaMs: 118 },
    { name: 'cooperative-sticky one leaves', kafkaMs: 2141 },
    { name: 'sticky first', kafkaMs: 172 },
    { name: 'sticky one leaves', kafkaMs: 3311 },
    { name: 'range first', kafkaMs: 2339 },
    { name: 'range one leaves', kafkaMs: 1035 },
    { name: 'uniform first', kafkaMs: 192 },
    { name: 'server-range first', kafkaMs: 157 },
    { name: 'cooperative-sticky heterogeneous first', kafkaMs: 30900 }
];
