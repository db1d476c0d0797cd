import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import * as RadixToast from '@radix-ui/react-toast';
import './overlays.css';

export interface ToastMessage {
  title: string;
  description?: string;
  tone?: 'success' | 'danger' | 'neutral';
}

type Show = (message: ToastMessage) => void;

const ToastContext = createContext<Show | null>(null);

/**
 * Short notices after an action ("Signed out everywhere else"), announced politely to screen
 * readers, closed by swiping, the close button or after a few seconds (Radix Toast).
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<(ToastMessage & { id: number })[]>([]);
  const show = useCallback<Show>((message) => setToasts((list) => [...list.slice(-2), { ...message, id: Date.now() + Math.random() }]), []);
  const value = useMemo(() => show, [show]);
  return (
    <ToastContext.Provider value={value}>
      <RadixToast.Provider swipeDirection="right" duration={6000}>
        {children}
        {toasts.map((t) => (
          <RadixToast.Root
            key={t.id}
            className={`toast toast-${t.tone ?? 'neutral'}`}
            onOpenChange={(open) => {
              if (!open) setToasts((list) => list.filter((x) => x.id !== t.id));
            }}
          >
            <RadixToast.Title className="toast-title">{t.title}</RadixToast.Title>
            {t.description && <RadixToast.Description className="hint">{t.description}</RadixToast.Description>}
            <RadixToast.Close className="btn btn-sm" aria-label="Dismiss">
              ✕
            </RadixToast.Close>
          </RadixToast.Root>
        ))}
        <RadixToast.Viewport className="toast-viewport" />
      </RadixToast.Provider>
    </ToastContext.Provider>
  );
}

/** Shows a toast: `const toast = useToast(); toast({ title: 'Saved' })`. Needs a ToastProvider above. */
export function useToast(): Show {
  const show = useContext(ToastContext);
  if (!show) throw new Error('useToast needs a <ToastProvider> above it');
  return show;
}
