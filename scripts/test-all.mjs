// `npm test`: every test, in the order that fails fastest. System packages the browser and
// VS Code tests need (Debian's chromium, and code-server's build headers) are installed first
// when missing; then unit/property/browser tests (vitest), then the real-VS-Code tests.
// Ends with one summary line, "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';

function run(command, args, options = {}) {
    const result = spawnSync(command, args, { stdio: 'inherit', ...options });
    return result.status ?? 1;
}

const failures = [];
let passed = 0;
let failed = 0;

if (run('bash', ['scripts/ensure-system-deps.sh']) !== 0) failures.push('system dependencies');
if (run('npm', ['run', 'build']) !== 0) {
    console.error('build failed');
    process.exit(1);
}

mkdirSync('test-results', { recursive: true });
const vitest = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/vitest.json']);
if (existsSync('test-results/vitest.json')) {
    const report = JSON.parse(readFileSync('test-results/vitest.json', 'utf8'));
    passed += report.numPassedTests ?? 0;
    failed += report.numFailedTests ?? 0;
}
if (vitest !== 0) failures.push('vitest');

if (!process.argv.includes('--no-e2e')) {
    // Everything is built already: set up code-server, package the bundles, run the suites.
    const setup = run('bash', ['scripts/setup-code-server.sh']);
    const vsix = setup === 0 ? run('npm', ['run', 'package:vsix']) : 1;
    const e2e = vsix === 0
        ? spawnSync('npm', ['run', 'test:e2e:run'], { encoding: 'utf8', stdio: ['inherit', 'pipe', 'inherit'] })
        : { status: 1, stdout: 'could not set up code-server or package the extension\n' };
    process.stdout.write(e2e.stdout ?? '');
    const counts = /^(\d+) passed, (\d+) failed/m.exec(e2e.stdout ?? '');
    if (counts) {
        passed += Number(counts[1]);
        failed += Number(counts[2]);
    }
    if (e2e.status !== 0) failures.push('VS Code end-to-end tests');
}

if (failures.length > 0) console.error(`failed: ${failures.join(', ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failures.length > 0 || failed > 0 ? 1 : 0);
