/**
 * A flow's (or one of its sources' or outputs') health as a word, from what the flow tree returns: the `#META`
 * `health` summary (`health.state`, or a plain string), else the live health items of events (`healthDetails`, one per
 * resource and aspect): UNHEALTHY when any says `unhealthy: true`, HEALTHY when some say false and none true. The
 * same rule as the chain API's node health (lambdas/chain/chain-graph.ts), so both pages agree.
 */

/** A live health item of the flow's partition (`HEALTH#<resource arn>#<aspect>`), as the flow tree returns it. */
export interface HealthItem {
  resourceArn?: string;
  resourceKind?: string;
  aspect?: string;
  health?: { unhealthy?: boolean; sourceState?: string; state?: string; tr101Errors?: string[]; [k: string]: unknown };
  since?: string;
  [field: string]: unknown;
}

/** The health word of a summary plus the health items that concern one resource; undefined when nothing is known. */
export function healthWord(summary: unknown, items: readonly HealthItem[]): string | undefined {
  if (typeof summary === 'string' && summary) return summary;
  if (summary && typeof summary === 'object') {
    const state = (summary as { state?: unknown }).state;
    if (typeof state === 'string' && state) return state;
  }
  const flags = items
    .map((item) => item.health?.unhealthy)
    .filter((flag): flag is boolean => typeof flag === 'boolean');
  if (flags.includes(true)) return 'UNHEALTHY';
  return flags.length > 0 ? 'HEALTHY' : undefined;
}

/** The health items of one resource (a source's, an output's, or the flow's own). */
export function healthItemsOf(items: readonly HealthItem[] | undefined, resourceArn: string): HealthItem[] {
  return (items ?? []).filter((item) => item.resourceArn === resourceArn);
}

/** The TR 101 290 errors and source state an item reports, as one line: `DISCONNECTED · PAT error, CC error`. */
export function healthLine(item: HealthItem): string {
  const parts: string[] = [];
  const state = item.health?.sourceState ?? item.health?.state;
  if (typeof state === 'string') parts.push(state);
  if (item.health?.tr101Errors?.length) parts.push(item.health.tr101Errors.join(', '));
  if (item.health?.unhealthy !== undefined) parts.push(item.health.unhealthy ? 'unhealthy' : 'healthy');
  return parts.join(' · ');
}
