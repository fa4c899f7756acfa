/**
 * The editor's simulation backend: each run in its own worker thread, so a long simulation
 * never blocks the language server, and cancelling is terminating the thread.
 */
import { Worker } from 'node:worker_threads';
import type { SimulationBackend } from './simulation-service.js';
import type { SimulationResult } from '../simulation/trace.js';

type WorkerReply = { result: SimulationResult } | { error: string } | SimulationResult;

export function workerBackend(workerScript: string): SimulationBackend {
    return (input, signal) =>
        new Promise<SimulationResult>((resolve, reject) => {
            if (signal.aborted) return reject(new Error('cancelled'));
            const worker = new Worker(workerScript);
            const finish = () => {
                signal.removeEventListener('abort', onAbort);
                void worker.terminate();
            };
            const onAbort = () => {
                finish();
                reject(new Error('cancelled'));
            };
            signal.addEventListener('abort', onAbort);
            worker.once('message', (reply: WorkerReply) => {
                finish();
                if ('error' in reply) reject(new Error(reply.error));
                else resolve('result' in reply ? reply.result : reply);
            });
            worker.once('error', (error) => {
                finish();
                reject(error);
            });
            worker.once('exit', (code) => {
                if (code !== 0 && !signal.aborted) reject(new Error(`the simulation worker exited with code ${code}`));
            });
            worker.postMessage({ id: 1, input });
        });
}
