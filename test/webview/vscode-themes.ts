/**
 * What VS Code puts on a webview for a theme: `--vscode-*` variables on <html>'s style and a
 * `vscode-light | vscode-dark | vscode-high-contrast` class on <body>. Values are those of the
 * Dark Modern, Light Modern and Dark High Contrast themes for the variables the panel reads.
 */
export type ThemeName = 'dark' | 'light' | 'high-contrast';

const shared = {
    '--vscode-font-family': 'system-ui, "Segoe UI", Ubuntu, "Droid Sans", sans-serif',
    '--vscode-font-size': '13px',
    '--vscode-editor-font-family': '"DejaVu Sans Mono", monospace'
};

export const THEMES: Record<ThemeName, { bodyClass: string; variables: Record<string, string> }> = {
    dark: {
        bodyClass: 'vscode-dark',
        variables: {
            ...shared,
            '--vscode-editor-background': '#1f1f1f',
            '--vscode-editor-foreground': '#cccccc',
            '--vscode-descriptionForeground': '#9d9d9d',
            '--vscode-editorCursor-foreground': '#aeafad',
            '--vscode-focusBorder': '#0078d4',
            '--vscode-charts-red': '#f14c4c',
            '--vscode-charts-orange': '#d18616',
            '--vscode-charts-yellow': '#cca700',
            '--vscode-charts-green': '#89d185',
            '--vscode-charts-blue': '#3794ff',
            '--vscode-charts-purple': '#b180d7',
            '--vscode-button-background': '#0078d4',
            '--vscode-button-foreground': '#ffffff',
            '--vscode-button-secondaryBackground': '#313131',
            '--vscode-button-secondaryForeground': '#cccccc',
            '--vscode-button-secondaryHoverBackground': '#3c3c3c',
            '--vscode-panel-border': '#2b2b2b',
            '--vscode-editorHoverWidget-background': '#202020',
            '--vscode-editorHoverWidget-border': '#454545',
            '--vscode-dropdown-background': '#313131',
            '--vscode-dropdown-foreground': '#cccccc',
            '--vscode-dropdown-border': '#3c3c3c',
            '--vscode-inputValidation-errorBackground': '#5a1d1d',
            '--vscode-inputValidation-errorBorder': '#be1100',
            '--vscode-inputValidation-warningBackground': '#352a05',
            '--vscode-inputValidation-warningBorder': '#b89500',
            '--vscode-textLink-foreground': '#4daafc',
            '--vscode-list-hoverBackground': '#2a2d2e'
        }
    },
    light: {
        bodyClass: 'vscode-light',
        variables: {
            ...shared,
            '--vscode-editor-background': '#ffffff',
            '--vscode-editor-foreground': '#3b3b3b',
            '--vscode-descriptionForeground': '#717171',
            '--vscode-editorCursor-foreground': '#000000',
            '--vscode-focusBorder': '#005fb8',
            '--vscode-charts-red': '#e51400',
            '--vscode-charts-orange': '#d18616',
            '--vscode-charts-yellow': '#bf8803',
            '--vscode-charts-green': '#388a34',
            '--vscode-charts-blue': '#1a85ff',
            '--vscode-charts-purple': '#652d90',
            '--vscode-button-background': '#005fb8',
            '--vscode-button-foreground': '#ffffff',
            '--vscode-button-secondaryBackground': '#e5e5e5',
            '--vscode-button-secondaryForeground': '#3b3b3b',
            '--vscode-button-secondaryHoverBackground': '#cccccc',
            '--vscode-panel-border': '#e5e5e5',
            '--vscode-editorHoverWidget-background': '#f8f8f8',
            '--vscode-editorHoverWidget-border': '#c8c8c8',
            '--vscode-dropdown-background': '#ffffff',
            '--vscode-dropdown-foreground': '#3b3b3b',
            '--vscode-dropdown-border': '#cecece',
            '--vscode-inputValidation-errorBackground': '#f2dede',
            '--vscode-inputValidation-errorBorder': '#be1100',
            '--vscode-inputValidation-warningBackground': '#f6f5d2',
            '--vscode-inputValidation-warningBorder': '#b89500',
            '--vscode-textLink-foreground': '#005fb8',
            '--vscode-list-hoverBackground': '#f2f2f2'
        }
    },
    'high-contrast': {
        bodyClass: 'vscode-high-contrast',
        variables: {
            ...shared,
            '--vscode-editor-background': '#000000',
            '--vscode-editor-foreground': '#ffffff',
            '--vscode-descriptionForeground': '#ffffff',
            '--vscode-editorCursor-foreground': '#ffffff',
            '--vscode-focusBorder': '#f38518',
            '--vscode-contrastBorder': '#6fc3df',
            '--vscode-charts-red': '#f14c4c',
            '--vscode-charts-orange': '#d18616',
            '--vscode-charts-yellow': '#ffd700',
            '--vscode-charts-green': '#89d185',
            '--vscode-charts-blue': '#3794ff',
            '--vscode-charts-purple': '#b180d7',
            '--vscode-button-background': '#000000',
            '--vscode-button-foreground': '#ffffff',
            '--vscode-button-border': '#6fc3df',
            '--vscode-button-secondaryBackground': '#000000',
            '--vscode-button-secondaryForeground': '#ffffff',
            '--vscode-panel-border': '#6fc3df',
            '--vscode-editorHoverWidget-background': '#0c141f',
            '--vscode-editorHoverWidget-border': '#6fc3df',
            '--vscode-dropdown-background': '#000000',
            '--vscode-dropdown-foreground': '#ffffff',
            '--vscode-dropdown-border': '#6fc3df',
            '--vscode-inputValidation-errorBackground': '#000000',
            '--vscode-inputValidation-errorBorder': '#f38518',
            '--vscode-inputValidation-warningBackground': '#000000',
            '--vscode-inputValidation-warningBorder': '#ffd700',
            '--vscode-textLink-foreground': '#21a6ff',
            '--vscode-list-hoverBackground': '#000000'
        }
    }
};

/** Script text that applies a theme the way VS Code does (runs in the page). */
export function themeScript(name: ThemeName): string {
    const t = THEMES[name];
    return `(() => {
  const root = document.documentElement;
  for (const k of Array.from(root.style)) if (k.startsWith('--vscode-')) root.style.removeProperty(k);
  for (const [k, v] of Object.entries(${JSON.stringify(t.variables)})) root.style.setProperty(k, v);
  const apply = () => { document.body.classList.remove('vscode-light', 'vscode-dark', 'vscode-high-contrast'); document.body.classList.add(${JSON.stringify(t.bodyClass)}); };
  if (document.body) apply(); else document.addEventListener('DOMContentLoaded', apply, { once: true });
})();`;
}
