/**
 * The CLI's and the tests' simulation backend: the engine in this thread. (The editor runs
 * it in a worker thread instead, see language/worker-backend.ts.)
 */
import type { SimulationInput } from '../model/simulation-input.js';
import { simulate } from './index.js';
import type { SimulationResult } from './trace.js';

export function inProcessBackend(input: SimulationInput, signal: AbortSignal): Promise<SimulationResult> {
    try {
        return Promise.resolve(simulate(input, { signal }));
    } catch (error) {
        return Promise.reject(error);
    }
}
