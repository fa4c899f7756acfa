/**
 * The `rebal` command (bundled to out/cli/rebal.cjs, package.json `bin.rebal`): `check`,
 * `simulate` and `assign`. Each subcommand returns its exit code; nothing here calls
 * process.exit, so output is always flushed.
 */
import '../polyfill.cjs';
import { runAssign } from './assign.js';
import { runCheck } from './check.js';
import { runSimulate } from './simulate.js';
import { renderHtml } from './replay-html.js';
import { ASSIGN_HELP, CHECK_HELP, MAIN_HELP, SIMULATE_HELP } from './usage.js';

const USAGE_ERROR = 2;

function usageError(message: string, help: string): number {
    process.stderr.write(`rebal: ${message}\n\n${help}`);
    return USAGE_ERROR;
}

async function check(args: string[]): Promise<number> {
    if (args.includes('--help') || args.includes('-h')) {
        process.stdout.write(CHECK_HELP);
        return 0;
    }
    const json = args.includes('--json');
    const simulate = !args.includes('--no-simulate');
    const unknown = args.filter((a) => a.startsWith('-') && a !== '--json' && a !== '--no-simulate');
    if (unknown.length > 0) return usageError(`unknown option ${unknown[0]} for check`, CHECK_HELP);
    const files = args.filter((a) => !a.startsWith('-'));
    if (files.length === 0) return usageError('check needs at least one file', CHECK_HELP);
    return runCheck(files, { json, simulate, cwd: process.cwd() }, (text) => process.stdout.write(text));
}

async function simulate(args: string[]): Promise<number> {
    if (args.includes('--help') || args.includes('-h')) {
        process.stdout.write(SIMULATE_HELP);
        return 0;
    }
    const files: string[] = [];
    const options: { scenario?: string; json?: string; html?: string; seed?: number; summaryOnly: boolean } = { summaryOnly: false };
    for (let i = 0; i < args.length; i++) {
        const arg = args[i];
        const value = (): string | undefined => args[++i];
        if (arg === '--summary') options.summaryOnly = true;
        else if (arg === '--scenario' || arg === '--json' || arg === '--html' || arg === '--seed') {
            const v = value();
            if (v === undefined) return usageError(`${arg} needs a value`, SIMULATE_HELP);
            if (arg === '--seed') {
                if (!/^-?\d+$/.test(v)) return usageError(`--seed takes a whole number, not ${v}`, SIMULATE_HELP);
                options.seed = Number(v);
            } else options[arg.slice(2) as 'scenario' | 'json' | 'html'] = v;
        } else if (arg.startsWith('-') && arg !== '-') return usageError(`unknown option ${arg} for simulate`, SIMULATE_HELP);
        else files.push(arg);
    }
    if (files.length !== 1) return usageError('simulate takes exactly one file', SIMULATE_HELP);
    return runSimulate(
        { file: files[0], ...options, cwd: process.cwd(), renderHtml },
        (text) => process.stdout.write(text),
        (text) => process.stderr.write(text)
    );
}

async function assign(args: string[]): Promise<number> {
    if (args.includes('--help') || args.includes('-h')) {
        process.stdout.write(ASSIGN_HELP);
        return 0;
    }
    if (args.length > 0) return usageError(`assign takes no arguments (got ${args[0]})`, ASSIGN_HELP);
    return runAssign(process.stdin, process.stdout);
}

async function main(argv: string[]): Promise<number> {
    const [command, ...rest] = argv;
    switch (command) {
        case undefined:
            return usageError('no command given', MAIN_HELP);
        case '--help':
        case '-h':
        case 'help':
            process.stdout.write(MAIN_HELP);
            return 0;
        case 'check':
            return check(rest);
        case 'simulate':
            return simulate(rest);
        case 'assign':
            return assign(rest);
        default:
            return usageError(`unknown command ${command}`, MAIN_HELP);
    }
}

main(process.argv.slice(2)).then(
    (code) => {
        process.exitCode = code;
    },
    (error: unknown) => {
        // A bug of ours, not a problem in the user's files: say so plainly.
        process.stderr.write(`rebal: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        process.exitCode = 70;
    }
);
