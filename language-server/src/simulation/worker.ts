/**
 * Worker-thread entry (bundled to out/language-server/simulation-worker.cjs): receives a
 * SimulationInput, posts back `{ ok: true, result }` or `{ ok: false, error }`. The caller
 * cancels a run by terminating the worker.
 */
import { parentPort } from 'node:worker_threads';
import type { SimulationInput } from '../model/simulation-input.js';
import { simulate } from './index.js';
import type { SimulationResult } from './trace.js';

export type WorkerRequest = { readonly id: number; readonly input: SimulationInput };
export type WorkerResponse =
    | { readonly id: number; readonly ok: true; readonly result: SimulationResult }
    | { readonly id: number; readonly ok: false; readonly error: string };

parentPort?.on('message', (msg: WorkerRequest) => {
    let response: WorkerResponse;
    try {
        response = { id: msg.id, ok: true, result: simulate(msg.input) };
    } catch (e) {
        response = { id: msg.id, ok: false, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
    }
    parentPort!.postMessage(response);
});
