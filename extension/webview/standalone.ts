/**
 * Id of the <script type="application/json"> that holds the `load` message in a standalone HTML
 * export (language-server/src/cli/html-export.ts writes it; main.ts reads it). A test keeps the
 * two in step.
 */
export const STANDALONE_DATA_ID = 'rebal-replay-data';
