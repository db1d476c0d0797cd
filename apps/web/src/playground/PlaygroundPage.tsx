import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Graph } from '@sluice/graph';
import { RuleEditor } from '../editor';
import { exampleGraph } from './example-graph';
import { sampleRecords } from './sample-records';
import { loadStored, store } from './playground.storage';

const DRAFT_KEY = 'sluice.playground.draft';
const SAVED_KEY = 'sluice.playground.saved';

/**
 * The editor with the built-in example rule and 200 generated sample records, no server needed.
 * The draft and the saved version live in the browser's localStorage, so a reload keeps them.
 */
export default function PlaygroundPage() {
  const records = useMemo(() => sampleRecords(200), []);
  const [saved, setSaved] = useState<Graph>(() => loadStored(SAVED_KEY) ?? exampleGraph);
  const [initial, setInitial] = useState<Graph>(() => loadStored(DRAFT_KEY) ?? saved);
  const [generation, setGeneration] = useState(0);

  // Keep the draft across reloads; written when editing pauses, not on every frame of a drag, and
  // at once when the page goes away, so an edit made just before a reload is not lost.
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const pending = useRef<Graph | undefined>(undefined);
  const flush = useCallback(() => {
    clearTimeout(timer.current);
    if (pending.current) store(DRAFT_KEY, pending.current);
    pending.current = undefined;
  }, []);
  const onChange = useCallback(
    (g: Graph) => {
      pending.current = g;
      clearTimeout(timer.current);
      timer.current = setTimeout(flush, 250);
    },
    [flush],
  );
  useEffect(() => {
    window.addEventListener('pagehide', flush);
    return () => {
      window.removeEventListener('pagehide', flush);
      flush();
    };
  }, [flush]);
  const onSave = useCallback((g: Graph) => {
    store(SAVED_KEY, g);
    setSaved(g);
  }, []);
  const reset = () => {
    clearTimeout(timer.current);
    pending.current = undefined;
    store(SAVED_KEY, null);
    store(DRAFT_KEY, null);
    setSaved(exampleGraph);
    setInitial(exampleGraph);
    setGeneration((n) => n + 1);
  };

  return (
    <div className="page page-editor">
      <header className="page-header">
        <div>
          <h1>Playground</h1>
          <p>
            Try the rule editor on {records.length} generated sample records. Nothing here touches a real app.
          </p>
        </div>
        <button type="button" className="btn" onClick={reset}>
          Reset to the example
        </button>
      </header>
      <RuleEditor key={generation} initialGraph={initial} savedGraph={saved} records={records} onChange={onChange} onSave={onSave} />
    </div>
  );
}
