/**
 * Langium's parsers, made safe for long broken files.
 *
 * Why: chevrotain recovers from an error inside a repetition (`items+=GroupItem*`, the
 * document's `elements+=Element*`) by skipping tokens and then calling the repetition again
 * from inside itself (`manyInternal → attemptInRepetitionRecovery → tryInRepetitionRecovery →
 * manyInternal`). That call is the last thing each of those frames does, but JavaScript does
 * not eliminate tail calls, so every error recovered in one repetition costs four stack
 * frames that stay until the repetition ends. A file with a few thousand broken items in one
 * block or at the top level overflows the stack (`RangeError: Maximum call stack size
 * exceeded`), and the document gets no diagnostics at all.
 *
 * The fix keeps chevrotain's recovery exactly as it is and turns that tail call into a loop
 * (a trampoline): `tryInRepetitionRecovery` records the re-entry instead of making it, the
 * frames unwind to the repetition that started the chain, and that frame makes the recorded
 * call. Stack depth no longer grows with the number of errors. test/editor/robustness.test.ts
 * reproduces the overflow on the unpatched parser and proves it gone on this one.
 */
import { createCompletionParser, createLangiumParser, type LangiumCoreServices, type LangiumCompletionParser, type LangiumParser } from 'langium';

type RepetitionFn = (this: ChevrotainRecovery, ...args: unknown[]) => unknown;

/** The parts of chevrotain's recognizer the trampoline touches (not in its public typings). */
interface ChevrotainRecovery {
    tryInRepetitionRecovery(grammarRule: RepetitionFn, grammarRuleArgs: unknown[], lookAheadFunc: () => boolean, expectedTokType: unknown): void;
    manyInternal: RepetitionFn;
    atLeastOneInternal: RepetitionFn;
    repetitionSepSecondInternal: RepetitionFn;
    /** The re-entry the last recovery asked for, waiting for its trampoline. */
    rebalDeferredReentry?: { readonly rule: RepetitionFn; readonly args: unknown[] };
    /** Marks our trampolines so a recorded re-entry runs the original, not another trampoline. */
    rebalOriginals?: Map<RepetitionFn, RepetitionFn>;
}

/** The repetition methods that pass themselves to `tryInRepetitionRecovery` for re-entry. */
const REPETITIONS = ['manyInternal', 'atLeastOneInternal', 'repetitionSepSecondInternal'] as const;

/**
 * Patches one chevrotain parser instance (Langium's `wrapper`). Idempotent.
 * Exported for the test that compares the patched and unpatched parsers.
 */
export function flattenRepetitionRecovery(recognizer: unknown): void {
    const target = recognizer as ChevrotainRecovery;
    if (target.rebalOriginals) return;
    const originals = new Map<RepetitionFn, RepetitionFn>();
    target.rebalOriginals = originals;

    const originalTry = target.tryInRepetitionRecovery;
    target.tryInRepetitionRecovery = function (grammarRule, grammarRuleArgs, lookAheadFunc, expectedTokType) {
        // Chevrotain calls `grammarRule` as its very last step; record the call instead.
        const record: RepetitionFn = (...args) => {
            this.rebalDeferredReentry = { rule: grammarRule, args };
            return undefined;
        };
        originalTry.call(this, record, grammarRuleArgs, lookAheadFunc, expectedTokType);
    };

    for (const name of REPETITIONS) {
        const original = target[name];
        if (typeof original !== 'function') continue;
        const trampoline: RepetitionFn = function (this: ChevrotainRecovery, ...args: unknown[]) {
            let result = original.apply(this, args);
            // Only this repetition's own tail can have left a re-entry here: a nested
            // repetition is a trampoline of its own and drained its re-entries before returning.
            while (this.rebalDeferredReentry) {
                const { rule, args: reentryArgs } = this.rebalDeferredReentry;
                this.rebalDeferredReentry = undefined;
                result = (originals.get(rule) ?? rule).apply(this, reentryArgs);
            }
            return result;
        };
        originals.set(trampoline, original);
        target[name] = trampoline;
    }
}

function recognizerOf(parser: LangiumParser | LangiumCompletionParser): unknown {
    // `wrapper` is the chevrotain parser; protected in Langium's typings.
    return (parser as unknown as { wrapper: unknown }).wrapper;
}

export function createRebalParser(services: LangiumCoreServices): LangiumParser {
    const parser = createLangiumParser(services);
    flattenRepetitionRecovery(recognizerOf(parser));
    return parser;
}

export function createRebalCompletionParser(services: LangiumCoreServices): LangiumCompletionParser {
    const parser = createCompletionParser(services);
    flattenRepetitionRecovery(recognizerOf(parser));
    return parser;
}
