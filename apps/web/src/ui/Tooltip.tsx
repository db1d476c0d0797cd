import { type ReactElement, type ReactNode } from 'react';
import * as RadixTooltip from '@radix-ui/react-tooltip';
import './overlays.css';

/** Goes once around the app: tooltips share one delay, so moving between them shows the next at once. */
export function TooltipProvider({ children }: { children: ReactNode }) {
  return <RadixTooltip.Provider delayDuration={300}>{children}</RadixTooltip.Provider>;
}

/**
 * A tooltip (Radix Tooltip) on hover and keyboard focus, described to screen readers. Where a person
 * reads a sentence, the code behind it goes here (E_CONFLICT, excludedBy:c1).
 * @example <Tooltip content="excludedBy:c1"><span tabIndex={0}>Filtered out by “Has no deals”</span></Tooltip>
 */
export function Tooltip({ content, children }: { content: ReactNode; children: ReactElement }) {
  return (
    <RadixTooltip.Root>
      <RadixTooltip.Trigger asChild>{children}</RadixTooltip.Trigger>
      <RadixTooltip.Portal>
        <RadixTooltip.Content className="tooltip" sideOffset={4} collisionPadding={8}>
          {content}
        </RadixTooltip.Content>
      </RadixTooltip.Portal>
    </RadixTooltip.Root>
  );
}
