import { useEffect, useRef } from 'react';
import { basicSetup } from 'codemirror';
import { EditorView } from '@codemirror/view';
import { EditorState, Compartment } from '@codemirror/state';
import { yaml } from '@codemirror/lang-yaml';
import { yamlHighlighting } from './yaml-highlight';
import { linter, lintGutter, forceLinting, type Diagnostic } from '@codemirror/lint';

export interface YamlProblem {
  /** 1-based line; absent when the problem has no place in the text. */
  line?: number;
  column?: number;
  message: string;
}

interface Props {
  value: string;
  onChange(text: string): void;
  /** Returns the problems of the given text; runs after each pause in typing. */
  validate(text: string): Promise<YamlProblem[]>;
  label: string;
}

function toDiagnostics(view: EditorView, problems: YamlProblem[]): Diagnostic[] {
  const doc = view.state.doc;
  return problems.map((p) => {
    const lineNo = Math.min(Math.max(p.line ?? 1, 1), doc.lines);
    const line = doc.line(lineNo);
    const from = Math.min(line.from + Math.max((p.column ?? 1) - 1, 0), line.to);
    // Underline from the column to the end of the line so a one-character position is visible.
    return { from, to: Math.max(line.to, from), severity: 'error', message: p.message, source: 'mmrouter' };
  });
}

/**
 * CodeMirror 6 with YAML highlighting and the core's validation as lint diagnostics. The document
 * is owned by CodeMirror; `value` replaces it only when it differs (a load, a preset, a form edit).
 */
export function YamlEditor({ value, onChange, validate, label }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const callbacks = useRef({ onChange, validate });
  callbacks.current = { onChange, validate };
  const theme = useRef(new Compartment());

  useEffect(() => {
    if (!host.current) return;
    const dark = window.matchMedia('(prefers-color-scheme: dark)');
    const themeFor = (isDark: boolean) => EditorView.theme({}, { dark: isDark });
    const v = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: value,
        extensions: [
          basicSetup,
          yaml(),
          yamlHighlighting,
          lintGutter(),
          linter(async (ed) => toDiagnostics(ed, await callbacks.current.validate(ed.state.doc.toString())), { delay: 350 }),
          theme.current.of(themeFor(dark.matches)),
          EditorView.contentAttributes.of({ 'aria-label': label }),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) callbacks.current.onChange(u.state.doc.toString());
          }),
          EditorView.theme({
            '&': { backgroundColor: 'var(--surface)', color: 'var(--text)' },
            '.cm-gutters': { backgroundColor: 'var(--surface-2)', color: 'var(--text-muted)', borderRight: '1px solid var(--border)' },
            '.cm-activeLine': { backgroundColor: 'color-mix(in srgb, var(--accent) 7%, transparent)' },
            '.cm-activeLineGutter': { backgroundColor: 'color-mix(in srgb, var(--accent) 12%, transparent)' },
            '.cm-cursor': { borderLeftColor: 'var(--text)' },
            '&.cm-focused .cm-selectionBackground, .cm-selectionBackground': { backgroundColor: 'color-mix(in srgb, var(--accent) 25%, transparent)' },
            '.cm-tooltip': { backgroundColor: 'var(--surface)', border: '1px solid var(--border)', color: 'var(--text)' },
          }),
        ],
      }),
    });
    view.current = v;
    const onScheme = (e: MediaQueryListEvent) => v.dispatch({ effects: theme.current.reconfigure(themeFor(e.matches)) });
    dark.addEventListener('change', onScheme);
    return () => {
      dark.removeEventListener('change', onScheme);
      v.destroy();
      view.current = null;
    };
    // Created once: later `value`s arrive through the effect below.
  }, []);

  useEffect(() => {
    const v = view.current;
    if (!v) return;
    const current = v.state.doc.toString();
    if (current === value) return;
    v.dispatch({ changes: { from: 0, to: current.length, insert: value } });
    forceLinting(v);
  }, [value]);

  return <div className="editor-wrap" ref={host} />;
}
