import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { axeSource } from './sluice-session';
import { repoRoot } from './web-build';

/**
 * The serious and critical axe-core violations on the page, one line each (empty when none).
 * axe is evaluated over the DevTools protocol: the server's CSP (rightly) refuses inline script tags.
 */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate('typeof axe !== "undefined"'))) await page.evaluate(axeSource);
  const result = (await page.evaluate('axe.run(document, { resultTypes: ["violations"] })')) as {
    violations: { id: string; impact: string; help: string; nodes: { target: string[]; html: string }[] }[];
  };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => `${n.target.join(' ')} ${n.html.slice(0, 160)}`).slice(0, 3).join(', ')}`);
}

/**
 * What scrolls sideways on the page: the document (`scrollWidth > innerWidth`) or the main area, each
 * named with its widths and the widest element inside that sticks out. Empty when nothing does.
 */
export async function horizontalOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const culprit = (box: Element) => {
      const right = box.getBoundingClientRect().right;
      let worst: { el: Element; by: number } | undefined;
      for (const el of box.querySelectorAll('*')) {
        const by = el.getBoundingClientRect().right - right;
        if (by > 1 && (!worst || by > worst.by)) worst = { el, by };
      }
      if (!worst) return '';
      const el = worst.el as HTMLElement;
      return ` (widest: <${el.tagName.toLowerCase()} class="${el.className}"> by ${Math.round(worst.by)} px)`;
    };
    const doc = document.documentElement;
    if (doc.scrollWidth > window.innerWidth) out.push(`document ${doc.scrollWidth} > ${window.innerWidth}${culprit(document.body)}`);
    const main = document.querySelector('main');
    if (main && main.scrollWidth > main.clientWidth + 1) out.push(`main ${main.scrollWidth} > ${main.clientWidth}${culprit(main)}`);
    return out;
  });
}

/** Collects the page's console errors and uncaught exceptions from now on. */
export function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

/**
 * A page's reviewer: `check(where)` records what is wrong with the page as it is now (sideways scroll,
 * serious or critical axe violations, console errors) in `problems`; `shot(name)` saves it to
 * docs/screenshots/ when SLUICE_SCREENSHOTS=1 (`-narrow` under 768 px wide).
 */
export function pageReview(p: Page) {
  const consoleErrors = collectConsoleErrors(p);
  const problems: string[] = [];
  return {
    problems,
    async shot(name: string): Promise<void> {
      if (process.env.SLUICE_SCREENSHOTS !== '1') return;
      const narrow = p.viewportSize()!.width < 768;
      await p.screenshot({ path: join(repoRoot, 'docs/screenshots', `${name}${narrow ? '-narrow' : ''}.png`) });
    },
    async check(where: string): Promise<void> {
      const { scroll, inner } = await p.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
      if (scroll > inner) problems.push(`${where}: scrollWidth ${scroll} > innerWidth ${inner}`);
      for (const over of await horizontalOverflow(p)) problems.push(`${where}: ${over}`);
      for (const v of await seriousA11yViolations(p)) problems.push(`${where}: ${v}`);
      for (const e of consoleErrors.splice(0)) problems.push(`${where}: console: ${e}`);
    },
  };
}
