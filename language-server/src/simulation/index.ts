/**
 * The simulation engine's entry: a resolved scenario in, a trace and the expectations'
 * results out. Deterministic: the same input (seed included) gives the same trace.
 */
import type { SimulationInput } from '../model/simulation-input.js';
import { Engine, type EngineOptions } from './engine.js';
import type { SimulationResult } from './trace.js';

export { AbortError } from './engine.js';
export { evaluateExpectations, ownerAt } from './expectations.js';
export type * from './trace.js';

export interface SimulateOptions extends EngineOptions {
    /** Abort a long run; `simulate` then throws an AbortError. */
    readonly signal?: AbortSignal;
}

export function simulate(input: SimulationInput, options: SimulateOptions = {}): SimulationResult {
    return new Engine(input, options).run(options.signal);
}
