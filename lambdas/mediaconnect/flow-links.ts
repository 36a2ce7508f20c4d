import type { LinkDeclarations, LinkReference } from '../chain/link-model';
import { networkKey } from '../chain/link-keys';
import type { ResourceTree } from '../polling/resource-kind';

/**
 * A flow's place in the signal chain: each output feeds a MediaLive input, named by its `MediaLiveInputArn` when the
 * output was made for one (a MEDIACONNECT input), else reached at its destination IP and port (a push input listening
 * there anchors the same `networkKey`). A flow anchors nothing: nothing upstream of it is monitored.
 */
export function flowLinks(tree: ResourceTree): LinkDeclarations {
  const references: LinkReference[] = [];
  for (const child of tree.children) {
    if (!child.sk.startsWith('OUTPUT#')) continue;
    const output = child as { mediaLiveInputArn?: unknown; destination?: unknown; port?: unknown };
    if (typeof output.mediaLiveInputArn === 'string' && output.mediaLiveInputArn) {
      references.push({
        type: 'flow-output',
        role: 'upstream',
        target: { arn: output.mediaLiveInputArn },
        evidence: { field: 'outputs[].mediaLiveInputArn', value: output.mediaLiveInputArn },
      });
      continue;
    }
    const destination = typeof output.destination === 'string' ? output.destination : undefined;
    const port = typeof output.port === 'number' || typeof output.port === 'string' ? output.port : undefined;
    const key = networkKey(destination, port);
    if (key)
      references.push({
        type: 'flow-output',
        role: 'upstream',
        target: { key },
        evidence: { field: 'outputs[].destination', value: `${destination}:${port}` },
      });
  }
  return { anchors: [], references };
}
