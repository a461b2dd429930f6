/**
 * axe-core (from node_modules, injected from disk: nothing is fetched) run on a page: its
 * violations, one line each. EXCEPTIONS names the rules switched off, each with its reason.
 */
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/**
 * Rules switched off, each with its reason. Empty: every page passes every rule that applies.
 */
export const EXCEPTIONS: Readonly<Record<string, string>> = {};

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

export async function violations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const found = await page.evaluate(async (disabled) => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const rules = Object.fromEntries(disabled.map((id) => [id, { enabled: false }]));
    const result = await axe.run(document, { rules, resultTypes: ['violations'] });
    return result.violations;
  }, Object.keys(EXCEPTIONS));
  return found.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${v.help} at ${n.target.join(' ')}`));
}
