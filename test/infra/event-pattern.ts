/**
 * EventBridge's exact-value matching, enough to check the monitor's rules against sample events offline:
 * every pattern field must be present; a leaf array matches when it shares a value with the event's value (or
 * values); arrays of objects in the event are flattened, so a nested field matches if any element has it.
 * Content filters (prefix, numeric, exists, …) are not implemented because the monitor's rules use none.
 */
export function matchesEventPattern(pattern: Record<string, unknown>, event: unknown): boolean {
  return Object.entries(pattern).every(([key, expected]) => {
    const values = valuesAt(event, key);
    if (values.length === 0) return false;
    if (Array.isArray(expected)) {
      if (expected.some((e) => typeof e === 'object' && e !== null))
        throw new Error(`content filters are not supported: ${key}`);
      return values.flat().some((v) => expected.includes(v));
    }
    return values.some((v) => matchesEventPattern(expected as Record<string, unknown>, v));
  });
}

function valuesAt(value: unknown, key: string): unknown[] {
  if (Array.isArray(value)) return value.flatMap((element) => valuesAt(element, key));
  if (typeof value === 'object' && value !== null && key in value) return [(value as Record<string, unknown>)[key]];
  return [];
}
