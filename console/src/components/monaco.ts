/**
 * Monaco, bundled: the full editor (every editor contribution: suggestions, find, code actions…; languages load on
 * first use) with the JavaScript language service, and the web workers it needs built by Vite as files of the
 * console (no CDN, no loader fetching from elsewhere).
 */
import * as monaco from 'monaco-editor';
import EditorWorker from 'monaco-editor/editor/editor.worker.js?worker';
import TsWorker from 'monaco-editor/languages/features/typescript/ts.worker.js?worker';

self.MonacoEnvironment = {
  getWorker(_workerId: string, label: string) {
    return label === 'typescript' || label === 'javascript' ? new TsWorker() : new EditorWorker();
  },
};

export { monaco };
