/** The draft's code in Monaco (loaded lazily: the rest of the console does not wait for the editor). */
import { useEffect, useRef } from 'react';
import { monaco } from './monaco';

export default function CodeEditor(props: { value: string; onChange(value: string): void; label: string }) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<ReturnType<typeof monaco.editor.create>>(undefined);
  const onChange = useRef(props.onChange);
  onChange.current = props.onChange;

  useEffect(() => {
    if (!host.current) return;
    const created = monaco.editor.create(host.current, {
      value: props.value,
      language: 'javascript',
      ariaLabel: props.label,
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 14,
      scrollBeyondLastLine: false,
      tabSize: 2,
      accessibilitySupport: 'auto',
    });
    created.onDidChangeModelContent(() => onChange.current(created.getValue()));
    editor.current = created;
    return () => created.dispose();
    // The editor is created once; later values arrive through the effect below.
  }, []);

  useEffect(() => {
    const e = editor.current;
    if (e && e.getValue() !== props.value) e.setValue(props.value);
  }, [props.value]);

  return <div ref={host} className="code-editor" data-testid="code-editor" />;
}
