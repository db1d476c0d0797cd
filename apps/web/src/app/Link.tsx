import { type AnchorHTMLAttributes, type MouseEvent } from 'react';
import { routePath, type Route } from './route';
import { navigate } from './useRoute';

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: Route };

/** An anchor that navigates in-app on a plain click and still works with middle-click/new tab. */
export function Link({ to, onClick, ...rest }: LinkProps) {
  const href = routePath(to);
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || rest.target === '_blank') return;
    e.preventDefault();
    navigate(to);
  };
  return <a href={href} onClick={handle} {...rest} />;
}
