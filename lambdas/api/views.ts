/** Attributes that are storage mechanics, not part of what the API shows. */
const INTERNAL_ATTRIBUTES = new Set([
  'pk',
  'sk',
  'gsi1pk',
  'gsi1sk',
  'gsi2pk',
  'gsi2sk',
  'hash',
  'treeHash',
  'version',
  'expiresAt',
  'childCount',
  // The engine's record of a resource's link declarations (chain/link-sync.ts): the chain API shows the links.
  'chainLinks',
  'linksHash',
]);

/** A stored item as the API shows it: the same fields without keys, hashes and versions. */
export function publicView<T extends Record<string, unknown>>(item: T): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) if (!INTERNAL_ATTRIBUTES.has(name)) view[name] = value;
  return view;
}
