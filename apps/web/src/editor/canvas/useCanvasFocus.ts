import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';

/** A canvas element to focus: a node by id or a wire by its edge key. */
export type FocusTarget = { kind: 'node' | 'edge'; id: string };

const FRAMES = 10;

/**
 * Focus that stays in the canvas after an edit removes or disables the focused element (a deleted
 * wire, a Connect button with nothing left to connect): the returned function asks for a node or
 * wire to be focused once React Flow has drawn it, so Ctrl+Z and the other shortcuts keep working.
 */
export function useCanvasFocus(root: RefObject<HTMLElement | null>): (target: FocusTarget | undefined) => void {
  const [target, setTarget] = useState<FocusTarget | null>(null);
  const tries = useRef(0);
  useEffect(() => {
    if (!target) return;
    let frame = 0;
    const attempt = () => {
      const selector = `.react-flow__${target.kind}[data-id="${CSS.escape(target.id)}"]`;
      const el = root.current?.querySelector<HTMLElement | SVGElement>(selector);
      if (el) {
        el.focus();
        setTarget(null);
      } else if (++tries.current < FRAMES) frame = requestAnimationFrame(attempt);
      else setTarget(null);
    };
    tries.current = 0;
    frame = requestAnimationFrame(attempt);
    return () => cancelAnimationFrame(frame);
  }, [target, root]);
  return useCallback((t) => setTarget(t ?? null), []);
}
