// `npm start` (after `npm run package`): opens samples/ in VS Code with the packaged extension.
// Desktop VS Code when `code` is on PATH; otherwise code-server from .code-server/ (set up on
// first use), on 127.0.0.1, until Ctrl-C.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { ROOT, DEFAULT_VSIX, ensureInstalled, freePort, isInstalled, startCodeServer, stopOnSignals } from './code-server.mjs';

const SAMPLES = path.join(ROOT, 'samples');
const PREFERRED_PORT = Number(process.env.REBAL_PORT ?? 8123);

function hasDesktopCode() {
    const r = spawnSync('code', ['--version'], { stdio: 'ignore' });
    return r.status === 0;
}

function portIsFree(port) {
    return new Promise((resolve) => {
        const srv = net.createServer();
        srv.once('error', () => resolve(false));
        srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
}

async function main() {
    if (!existsSync(DEFAULT_VSIX)) {
        console.error(`${path.relative(ROOT, DEFAULT_VSIX)} is missing: run \`npm run package\` first (npm start does).`);
        process.exit(1);
    }

    if (hasDesktopCode()) {
        const install = spawnSync('code', ['--install-extension', DEFAULT_VSIX, '--force'], { stdio: 'inherit' });
        if (install.status !== 0) process.exit(install.status ?? 1);
        const open = spawnSync('code', [SAMPLES], { stdio: 'inherit' });
        process.exit(open.status ?? 0);
    }

    if (!isInstalled()) {
        console.log('No `code` on PATH: setting up code-server in .code-server/ (a few minutes, once).');
    }
    ensureInstalled();
    // A stable address is easier to keep open in a browser; fall back when it is taken.
    const port = (await portIsFree(PREFERRED_PORT)) ? PREFERRED_PORT : await freePort();
    const server = await startCodeServer({ vsix: DEFAULT_VSIX, folder: SAMPLES, port });
    stopOnSignals(server, 0);
    console.log(`\nrebal is running in VS Code (code-server) at ${server.url}`);
    console.log(`It opens ${path.relative(ROOT, SAMPLES)}/ with the extension installed. Ctrl-C stops it.\n`);
    const code = await server.exited;
    if (server.stopping) return; // Ctrl-C: stopOnSignals finishes the clean-up and exits.
    console.error(`code-server stopped by itself (${code}); its log: ${server.run.log}`);
    process.exit(1);
}

await main();
