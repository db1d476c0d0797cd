import { type ComponentPropsWithoutRef, type ReactNode } from 'react';
import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import './overlays.css';

interface MenuProps {
  /** The button that opens the menu (rendered as the trigger itself, so it keeps its own label). */
  trigger: ReactNode;
  children: ReactNode;
  /** Which side of the trigger the menu opens on. */
  side?: 'top' | 'bottom' | 'left' | 'right';
  align?: 'start' | 'center' | 'end';
}

/**
 * A menu button (Radix DropdownMenu): arrow keys move, typing jumps to an item, Escape closes and gives
 * focus back to the button. Items are `MenuItem`s, grouped with `MenuLabel` and `MenuSeparator`.
 * @example <Menu trigger={<button className="btn">Account</button>}><MenuItem onSelect={signOut}>Sign out</MenuItem></Menu>
 */
export function Menu({ trigger, children, side = 'bottom', align = 'end' }: MenuProps) {
  return (
    // Not modal: a modal menu hides the page from assistive tech with aria-hidden while focusable
    // elements stay inside it (axe: aria-hidden-focus); Escape and outside clicks still close it.
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger asChild>{trigger}</DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu" side={side} align={align} sideOffset={6} collisionPadding={8}>
          {children}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}

/** One action of a menu; `onSelect` runs on click, Enter or Space. */
export function MenuItem({ className, ...rest }: ComponentPropsWithoutRef<typeof DropdownMenu.Item>) {
  return <DropdownMenu.Item className={`menu-item ${className ?? ''}`} {...rest} />;
}

/** A heading inside a menu (not focusable), e.g. the signed-in person's name. */
export function MenuLabel({ children }: { children: ReactNode }) {
  return <DropdownMenu.Label className="menu-label">{children}</DropdownMenu.Label>;
}

export function MenuSeparator() {
  return <DropdownMenu.Separator className="menu-separator" />;
}
