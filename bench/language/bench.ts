/**
 * Language server benchmark (run by run.mjs, one size per process): builds a generated file
 * (parse, link, check) several times and asks for completion and hover at many places.
 * Prints one JSON line. The file is valid rebal, shaped like the samples: topics, groups with
 * settings and members, scenarios with events and expectations.
 */
import { DocumentState, EmptyFileSystem, URI, type LangiumDocument, type LangiumSharedCoreServices } from 'langium';
import { createRebalServices } from '../../language-server/src/language/rebal-module.js';
import { errorDenseFile, generateFile, scenariosWithoutGroupLine } from './generate.js';

/** Half-typed spots in the middle of the file, where completion is asked for. */
const COMPLETION_SPOTS = ['  session.timeout.ms = ', '  at 5m crash ', '  expect ', '  subscribe ', '  max.poll.records'];
/** Words hovered. */
const HOVER_WORDS = ['session.timeout.ms', 'worker3', 'c1', 'rolling-restart', 'max-pause', 'orders', '45000'];

function percentile(sorted: number[], p: number): number {
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function stats(samples: number[]): { median: number; p95: number; max: number } {
    const sorted = [...samples].sort((a, b) => a - b);
    return { median: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[sorted.length - 1] };
}

/** Langium's build phases after parsing, in order, with the names the bench prints. */
const PHASES: [DocumentState, string][] = [
    [DocumentState.IndexedContent, 'index'],
    [DocumentState.ComputedScopes, 'scopes'],
    [DocumentState.Linked, 'link'],
    [DocumentState.IndexedReferences, 'references'],
    [DocumentState.Validated, 'validate']
];

/**
 * Where one build's time goes: `parse` (text to tree, in the document factory) and then each
 * phase of the builder, from the end of the one before. Call `start` when parsing begins and
 * `parsed` when it ends; `take` gives the durations of that build.
 */
function phaseClock(shared: LangiumSharedCoreServices) {
    let marks: [string, number][] = [];
    for (const [state, name] of PHASES) shared.workspace.DocumentBuilder.onBuildPhase(state, () => void marks.push([name, performance.now()]));
    return {
        start: () => void (marks = [['start', performance.now()]]),
        parsed: () => void marks.push(['parse', performance.now()]),
        take: (): Record<string, number> => {
            const durations: Record<string, number> = {};
            for (let i = 1; i < marks.length; i++) durations[marks[i][0]] = marks[i][1] - marks[i - 1][1];
            return durations;
        }
    };
}

/**
 * Removes a built document the way the server does when a file goes away: through the builder,
 * which drops its index entries (they hold its tree) and clears the workspace caches. Deleting
 * it from LangiumDocuments alone kept every earlier build's tree alive, and the heap growing.
 */
function remover(shared: LangiumSharedCoreServices): (document: LangiumDocument) => Promise<void> {
    return (document) => shared.workspace.DocumentBuilder.update([], [document.uri]);
}

/** Per phase, its best time over the builds (the builds' best total is not their sum). */
function bestPhases(builds: Record<string, number>[]): Record<string, number> {
    const best: Record<string, number> = {};
    for (const b of builds) for (const [name, ms] of Object.entries(b)) best[name] = Math.min(best[name] ?? Infinity, ms);
    return best;
}

async function dense(lines: number): Promise<void> {
    const { shared } = createRebalServices(EmptyFileSystem);
    const text = errorDenseFile(lines);
    const document = shared.workspace.LangiumDocumentFactory.fromString(text, URI.parse('memory:///bench/dense.rebal'));
    shared.workspace.LangiumDocuments.addDocument(document);
    const start = performance.now();
    await shared.workspace.DocumentBuilder.build([document], { validation: true });
    const ms = performance.now() - start;
    console.log(JSON.stringify({ lines, bytes: Buffer.byteLength(text), dense: true, diagnostics: document.diagnostics?.length ?? 0, build: { first: ms, best: ms, median: ms } }));
}

/** A file of scenarios without a `group` line against its one group: builds of N lines, best of `builds`. */
async function noGroupLine(lines: number, builds: number): Promise<void> {
    const { shared } = createRebalServices(EmptyFileSystem);
    const remove = remover(shared);
    const text = scenariosWithoutGroupLine(lines);
    const times: number[] = [];
    let diagnostics = 0;
    for (let i = 0; i < builds; i++) {
        const start = performance.now();
        const document = shared.workspace.LangiumDocumentFactory.fromString(text, URI.parse(`memory:///bench/no-group-line-${i}.rebal`));
        shared.workspace.LangiumDocuments.addDocument(document);
        await shared.workspace.DocumentBuilder.build([document], { validation: true });
        times.push(performance.now() - start);
        diagnostics = document.diagnostics?.filter((d) => d.severity === 1).length ?? 0;
        await remove(document);
    }
    console.log(JSON.stringify({ lines: text.split('\n').length, bytes: Buffer.byteLength(text), errors: diagnostics, build: { best: Math.min(...times) } }));
}

async function main(): Promise<void> {
    if (process.argv[2] === 'dense') return dense(Number(process.argv[3] ?? 20000));
    if (process.argv[2] === 'no-group-line') return noGroupLine(Number(process.argv[3] ?? 8000), Number(process.argv[4] ?? 3));
    const lines = Number(process.argv[2] ?? 2000);
    const builds = Number(process.argv[3] ?? 5);
    const requests = Number(process.argv[4] ?? 200);
    const { shared, Rebal } = createRebalServices(EmptyFileSystem);
    const remove = remover(shared);
    const text = generateFile(lines);

    let version = 0;
    const clock = phaseClock(shared);
    const phaseTimes: Record<string, number>[] = [];
    const build = async (content: string): Promise<{ document: LangiumDocument; ms: number; cpuMs: number }> => {
        const uri = URI.parse(`memory:///bench/${lines}-${version++}.rebal`);
        const cpu = process.cpuUsage();
        const start = performance.now();
        clock.start();
        const document = shared.workspace.LangiumDocumentFactory.fromString(content, uri);
        clock.parsed();
        shared.workspace.LangiumDocuments.addDocument(document);
        await shared.workspace.DocumentBuilder.build([document], { validation: true });
        const used = process.cpuUsage(cpu);
        phaseTimes.push(clock.take());
        return { document, ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000 };
    };

    const buildTimes: number[] = [];
    const buildCpu: number[] = [];
    let document: LangiumDocument | undefined;
    for (let i = 0; i < builds; i++) {
        if (document) await remove(document);
        const r = await build(text);
        buildTimes.push(r.ms);
        buildCpu.push(r.cpuMs);
        document = r.document;
    }
    const errors = (document!.diagnostics ?? []).filter((d) => d.severity === 1).length;
    const phases = bestPhases(phaseTimes);

    // Completion: the middle unit's lines, each cut at a half-typed spot (a new document per
    // spot, as after a keystroke), then many requests at that spot.
    const completionTimes: number[] = [];
    const middle = Math.floor(text.length / 2);
    for (const spot of COMPLETION_SPOTS) {
        const at = text.indexOf(spot.trimEnd(), middle);
        if (at < 0) continue;
        const edited = text.slice(0, at) + spot + '\n' + text.slice(text.indexOf('\n', at) + 1);
        const { document: doc } = await build(edited);
        const position = doc.textDocument.positionAt(at + spot.length);
        for (let i = 0; i < Math.ceil(requests / COMPLETION_SPOTS.length); i++) {
            const start = performance.now();
            await Rebal.lsp.CompletionProvider!.getCompletion(doc, { textDocument: { uri: doc.uri.toString() }, position });
            completionTimes.push(performance.now() - start);
        }
        await remove(doc);
    }

    const hoverTimes: number[] = [];
    for (const word of HOVER_WORDS) {
        const at = text.indexOf(word, middle);
        if (at < 0) continue;
        const position = document!.textDocument.positionAt(at + 1);
        for (let i = 0; i < Math.ceil(requests / HOVER_WORDS.length); i++) {
            const start = performance.now();
            await Rebal.lsp.HoverProvider!.getHoverContent(document!, { textDocument: { uri: document!.uri.toString() }, position });
            hoverTimes.push(performance.now() - start);
        }
    }

    console.log(
        JSON.stringify({
            lines,
            bytes: Buffer.byteLength(text),
            errors,
            build: { first: buildTimes[0], best: Math.min(...buildTimes), median: stats(buildTimes).median, bestCpu: Math.min(...buildCpu) },
            phases,
            completion: { n: completionTimes.length, ...stats(completionTimes) },
            hover: { n: hoverTimes.length, ...stats(hoverTimes) }
        })
    );
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
