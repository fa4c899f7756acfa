// Semantic tokens: keys by origin (Kafka / simulation / unknown), literals as numbers, names by
// kind, event kinds as keywords, subjects as functions, states and errors as enum members.
import { afterEach, describe, expect, test } from 'vitest';
import { EmptyFileSystem } from 'langium';
import { clearDocuments, expectSemanticToken, highlightHelper } from 'langium/test';
import { AllSemanticTokenModifiers } from 'langium/lsp';
import { SemanticTokenTypes } from 'vscode-languageserver';
import { createRebalServices } from '../../language-server/src/language/rebal-module.js';
import { REBAL_MODIFIERS } from '../../language-server/src/language/rebal-semantic-tokens.js';

const services = createRebalServices(EmptyFileSystem);
const highlight = highlightHelper(services.Rebal);
afterEach(() => clearDocuments(services.shared));

const TEXT = `topic <|orders|> { partitions = <|12|>  produce = <|2.5k/s|> }
group <|svc|> {
  <|session.timeout.ms|> = <|45s|>
  <|process.time.per.record|> = 1ms
  <|sesion.timeout.ms|> = 10s
  subscribe <|orders|>
  consumer <|c1|>
  consumers <|worker|>[1..6]
}
scenario s {
  group <|svc|>
  at 2m <|rolling-restart|> <|c1|>, <|worker3|> every 30s down 10s
  expect <|state|> at 5m == <|Stable|>
  expect error c1 == <|FENCED_INSTANCE_ID|>
}`;

describe('semantic tokens', () => {
    test('each marked range has the expected token type', async () => {
        const tokens = await highlight(TEXT);
        const expected: SemanticTokenTypes[] = [
            SemanticTokenTypes.type, // orders (declaration)
            SemanticTokenTypes.number, // 12
            SemanticTokenTypes.number, // 2.5k/s
            SemanticTokenTypes.namespace, // svc
            SemanticTokenTypes.property, // session.timeout.ms
            SemanticTokenTypes.number, // 45s
            SemanticTokenTypes.property, // process.time.per.record
            SemanticTokenTypes.property, // sesion.timeout.ms (unknown)
            SemanticTokenTypes.type, // orders (reference)
            SemanticTokenTypes.variable, // c1
            SemanticTokenTypes.variable, // worker
            SemanticTokenTypes.namespace, // svc (reference)
            SemanticTokenTypes.keyword, // rolling-restart
            SemanticTokenTypes.variable, // c1 (reference)
            SemanticTokenTypes.variable, // worker3 (set member)
            SemanticTokenTypes.function, // state
            SemanticTokenTypes.enumMember, // Stable
            SemanticTokenTypes.enumMember // FENCED_INSTANCE_ID
        ];
        expect(tokens.ranges.length).toBe(expected.length);
        expected.forEach((tokenType, rangeIndex) => expectSemanticToken(tokens, { rangeIndex, tokenType }));
    });

    test('Kafka, simulation and unknown keys carry different modifiers', async () => {
        const { tokens } = await highlight(TEXT);
        const modifiersOf = (text: string) => tokens.find((t) => t.text === text)!.tokenModifiers;
        expect(modifiersOf('session.timeout.ms')).toBe(REBAL_MODIFIERS.kafka | AllSemanticTokenModifiers.defaultLibrary);
        expect(modifiersOf('process.time.per.record')).toBe(REBAL_MODIFIERS.simulation);
        expect(modifiersOf('sesion.timeout.ms')).toBe(REBAL_MODIFIERS.unknown);
    });

    test('the legend declares the custom modifiers after the standard ones', () => {
        const legend = services.Rebal.lsp.SemanticTokenProvider!.semanticTokensOptions.legend.tokenModifiers;
        // Bits 10, 11, 12 are the 11th, 12th and 13th names of the legend.
        expect(legend.slice(10)).toEqual(['kafka', 'simulation', 'unknown']);
    });

    test('an unresolved name is not coloured as a reference', async () => {
        const { tokens } = await highlight('group g {\n  subscribe nowhere\n}');
        expect(tokens.find((t) => t.text === 'nowhere')).toBeUndefined();
    });

    test('`unset` as a value is a keyword (it is no value of the key); elsewhere a name stays a name', async () => {
        const { tokens } = await highlight('group g {\n  session.timeout.ms = unset\n  group.protocol = consumer\n  consumer unset\n}');
        const typeOf = (text: string) => tokens.filter((t) => t.text === text).map((t) => t.tokenType);
        expect(typeOf('unset')).toEqual([SemanticTokenTypes.keyword, SemanticTokenTypes.variable]);
        expect(typeOf('consumer')).toEqual([SemanticTokenTypes.enumMember]);
    });
});
