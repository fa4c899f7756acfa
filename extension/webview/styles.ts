/**
 * The panel's CSS, injected by main.ts in a <style> element carrying the script's CSP nonce (the
 * policy allows no other style). Colours come from VS Code's theme variables through `--rebal-*`;
 * `body.standalone` (the exported HTML file) supplies those variables itself, light or dark as the
 * browser prefers.
 */
export const CSS = `
:root {
  --rebal-bg: var(--vscode-editor-background);
  --rebal-fg: var(--vscode-editor-foreground);
  --rebal-muted: var(--vscode-descriptionForeground);
  --rebal-playhead: var(--vscode-editorCursor-foreground);
  --rebal-focus: var(--vscode-focusBorder);
  --rebal-contrast-border: var(--vscode-contrastBorder);
  --rebal-red: var(--vscode-charts-red);
  --rebal-orange: var(--vscode-charts-orange);
  --rebal-yellow: var(--vscode-charts-yellow);
  --rebal-green: var(--vscode-charts-green);
  --rebal-blue: var(--vscode-charts-blue);
  --rebal-purple: var(--vscode-charts-purple);
  --rebal-font: var(--vscode-font-family, system-ui, sans-serif);
  --rebal-font-size: var(--vscode-font-size, 13px);
  --rebal-mono: var(--vscode-editor-font-family, monospace);
}
body.standalone {
  --vscode-editor-background: #1f1f1f; --vscode-editor-foreground: #cccccc;
  --vscode-descriptionForeground: #9d9d9d; --vscode-editorCursor-foreground: #aeafad;
  --vscode-focusBorder: #0078d4; --vscode-charts-red: #f14c4c; --vscode-charts-orange: #d18616;
  --vscode-charts-yellow: #cca700; --vscode-charts-green: #89d185; --vscode-charts-blue: #3794ff;
  --vscode-charts-purple: #b180d7; --vscode-button-background: #0078d4; --vscode-button-foreground: #ffffff;
  --vscode-button-secondaryBackground: #313131; --vscode-button-secondaryForeground: #cccccc;
  --vscode-button-secondaryHoverBackground: #3c3c3c; --vscode-panel-border: #2b2b2b;
  --vscode-editorHoverWidget-background: #202020; --vscode-editorHoverWidget-border: #454545;
  --vscode-dropdown-background: #313131; --vscode-dropdown-foreground: #cccccc; --vscode-dropdown-border: #3c3c3c;
  --vscode-inputValidation-errorBackground: #5a1d1d; --vscode-inputValidation-errorBorder: #be1100;
  --vscode-inputValidation-warningBackground: #352a05; --vscode-inputValidation-warningBorder: #b89500;
  --vscode-textLink-foreground: #4daafc; --vscode-list-hoverBackground: #2a2d2e;
}
@media (prefers-color-scheme: light) {
  body.standalone {
    --vscode-editor-background: #ffffff; --vscode-editor-foreground: #3b3b3b;
    --vscode-descriptionForeground: #717171; --vscode-editorCursor-foreground: #000000;
    --vscode-focusBorder: #005fb8; --vscode-charts-red: #e51400; --vscode-charts-orange: #d18616;
    --vscode-charts-yellow: #bf8803; --vscode-charts-green: #388a34; --vscode-charts-blue: #1a85ff;
    --vscode-charts-purple: #652d90; --vscode-button-secondaryBackground: #e5e5e5;
    --vscode-button-secondaryForeground: #3b3b3b; --vscode-button-secondaryHoverBackground: #cccccc;
    --vscode-panel-border: #e5e5e5; --vscode-editorHoverWidget-background: #f8f8f8;
    --vscode-editorHoverWidget-border: #c8c8c8; --vscode-dropdown-background: #ffffff;
    --vscode-dropdown-foreground: #3b3b3b; --vscode-dropdown-border: #cecece;
    --vscode-inputValidation-errorBackground: #f2dede; --vscode-inputValidation-errorBorder: #be1100;
    --vscode-inputValidation-warningBackground: #f6f5d2; --vscode-inputValidation-warningBorder: #b89500;
    --vscode-textLink-foreground: #005fb8; --vscode-list-hoverBackground: #f2f2f2;
  }
}
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; height: 100%; }
body {
  background: var(--rebal-bg); color: var(--rebal-fg);
  font-family: var(--rebal-font); font-size: var(--rebal-font-size);
  overflow: hidden;
}
#app { display: flex; flex-direction: column; height: 100vh; }
#app > .toolbar, #app > .banner, #app > .legend { flex: none; }
.toolbar { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 6px; padding: 5px 8px; border-bottom: 1px solid var(--vscode-panel-border, #80808040); }
.toolbar .group { display: flex; align-items: center; gap: 3px; }
.toolbar .sep { width: 1px; align-self: stretch; background: var(--vscode-panel-border, #80808040); margin: 0 4px; }
.toolbar .spacer { flex: 1; }
button {
  font: inherit; font-size: 0.92em; color: var(--vscode-button-secondaryForeground, inherit);
  background: var(--vscode-button-secondaryBackground, transparent);
  border: 1px solid var(--vscode-button-border, transparent); border-radius: 2px;
  padding: 2px 8px; min-height: 24px; cursor: pointer; white-space: nowrap;
}
button:hover { background: var(--vscode-button-secondaryHoverBackground, #80808030); }
button.primary { background: var(--vscode-button-background); color: var(--vscode-button-foreground); }
button:focus-visible, select:focus-visible, .scroller:focus-visible { outline: 1px solid var(--rebal-focus); outline-offset: -1px; }
button[aria-pressed="true"] { outline: 1px solid var(--rebal-focus); }
select { font: inherit; font-size: 0.92em; color: var(--vscode-dropdown-foreground); background: var(--vscode-dropdown-background); border: 1px solid var(--vscode-dropdown-border, transparent); min-height: 24px; }
.clock { font-family: var(--rebal-mono); font-size: 0.92em; min-width: 15ch; text-align: right; color: var(--rebal-fg); }
.banner { display: none; padding: 4px 10px; border-bottom: 1px solid; font-size: 0.92em; white-space: pre-wrap; }
.banner.error { display: block; background: var(--vscode-inputValidation-errorBackground); border-color: var(--vscode-inputValidation-errorBorder); }
.banner.warning { display: block; background: var(--vscode-inputValidation-warningBackground); border-color: var(--vscode-inputValidation-warningBorder); }
.legend { display: flex; flex-wrap: wrap; gap: 2px 12px; padding: 3px 10px; font-size: 0.85em; color: var(--rebal-muted); border-bottom: 1px solid var(--vscode-panel-border, #80808040); }
.legend .key { display: inline-flex; align-items: center; gap: 4px; }
.legend .swatch { width: 12px; height: 8px; border-radius: 1px; display: inline-block; }
.main { flex: 1 1 auto; display: grid; grid-template-columns: minmax(0, 1fr) 290px; min-height: 0; }
.timeline { position: relative; min-height: 0; min-width: 0; }
.scroller { position: absolute; inset: 0; overflow-y: auto; overflow-x: hidden; }
.stage { position: sticky; top: 0; overflow: hidden; }
.stage canvas { position: absolute; left: 0; top: 0; }
.stage canvas.overlay { cursor: crosshair; }
.stage canvas.overlay.grab { cursor: grabbing; }
.stage canvas.overlay.pointer { cursor: pointer; }
.empty-state { position: absolute; inset: 40px 20px auto 20px; color: var(--rebal-muted); text-align: center; }
.details { overflow-y: auto; border-left: 1px solid var(--vscode-panel-border, #80808040); padding: 4px 10px 16px; font-size: 0.92em; }
.details h3 { font-size: 0.95em; font-weight: 600; margin: 12px 0 4px; }
.details h3 .count { font-weight: normal; color: var(--rebal-muted); }
.details .mono { font-family: var(--rebal-mono); font-weight: normal; }
.at-block { margin: 2px 0 6px; }
.at-letter { font-weight: 600; }
.at-state { font-weight: 600; }
.at-lag, .at-members, .at-kip848 { color: var(--rebal-muted); }
.at-kind { color: var(--rebal-fg); }
table.metrics { border-collapse: collapse; width: 100%; }
table.metrics th { text-align: left; font-weight: 600; padding: 1px 4px; }
table.metrics td { padding: 2px 4px; vertical-align: top; border-top: 1px solid var(--vscode-panel-border, #80808030); }
table.metrics .metric-name { color: var(--rebal-muted); white-space: nowrap; }
table.metrics .differs { font-weight: 600; }
ul.expectations { list-style: none; padding: 0; margin: 0; }
li.expectation { padding: 3px 4px; border-radius: 2px; display: grid; grid-template-columns: 1.2em 1fr; }
li.expectation.clickable { cursor: pointer; }
li.expectation.clickable:hover { background: var(--vscode-list-hoverBackground, #80808020); }
li.expectation .mark { font-weight: 700; }
li.expectation.pass .mark { color: var(--rebal-green); }
li.expectation.fail .mark, li.expectation.problem .mark { color: var(--rebal-red); }
li.expectation .expect-text { font-family: var(--rebal-mono); font-size: 0.95em; overflow-wrap: anywhere; }
li.expectation .expect-detail { grid-column: 2; color: var(--rebal-muted); font-size: 0.92em; }
.empty { color: var(--rebal-muted); }
.tooltip { position: fixed; z-index: 10; pointer-events: none; display: none; max-width: 440px; padding: 6px 8px;
  background: var(--vscode-editorHoverWidget-background, var(--rebal-bg)); color: var(--vscode-editorHoverWidget-foreground, var(--rebal-fg));
  border: 1px solid var(--vscode-editorHoverWidget-border, #80808080); border-radius: 3px; font-size: 0.92em; box-shadow: 0 2px 8px #00000040; }
.tip-title { font-weight: 600; margin-bottom: 2px; }
.tip-list > .tip-card + .tip-card { margin-top: 6px; padding-top: 6px; border-top: 1px solid var(--vscode-editorHoverWidget-border, #80808060); }
.tip-dim, .tip-key { color: var(--rebal-muted); font-weight: normal; }
.tip-row { display: flex; gap: 8px; }
.tip-key { min-width: 9em; }
.tip-detail { margin-top: 3px; }
.tip-log { margin-top: 4px; font-family: var(--rebal-mono); font-size: 0.9em; white-space: pre-wrap; overflow-wrap: anywhere; }
.tip-hint { margin-top: 4px; color: var(--vscode-textLink-foreground, var(--rebal-blue)); }
.help { position: absolute; right: 12px; top: 36px; z-index: 5; display: none; padding: 8px 12px; max-height: 80%; overflow: auto;
  background: var(--vscode-editorHoverWidget-background, var(--rebal-bg)); border: 1px solid var(--vscode-editorHoverWidget-border, #80808080); border-radius: 3px; }
.help.open { display: block; }
.help table td { padding: 1px 8px 1px 0; }
.help kbd { font-family: var(--rebal-mono); }
@media (max-width: 860px) {
  .main { grid-template-columns: minmax(0, 1fr); grid-template-rows: minmax(0, 1fr) 200px; }
  .details { border-left: none; border-top: 1px solid var(--vscode-panel-border, #80808040); }
}
`;
