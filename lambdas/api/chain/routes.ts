import * as z from 'zod';
import { CHAIN_DIRECTIONS, CHAIN_LIMITS, type ChainDirection } from '../../chain/chain-graph';
import type { ApiDeps } from '../api-deps';
import { unsafeArnReason } from '../http/params';
import { defineRoute, json, Route } from '../http/router';
import { getChain } from './chain-query';

const TAG = 'Chain';

/**
 * Any resource's ARN as the chain stores it: AWS's forms, and moto's region- and account-less ones
 * (`arn:aws:medialive:channel:<id>`). A link's sort key holds the other end's ARN, so it is at most 1,000 characters.
 */
const chainArn = z
  .string()
  .max(1000)
  .superRefine((value, ctx) => {
    const unsafe = unsafeArnReason(value);
    if (unsafe) ctx.addIssue({ code: 'custom', message: unsafe, abort: true });
    else if (!/^arn:(aws|aws-cn|aws-us-gov):[a-z0-9-]+:\S+$/.test(value))
      ctx.addIssue({ code: 'custom', message: 'must be an ARN (arn:aws:<service>:...)' });
  })
  .describe(
    'The ARN of any resource in the chain (a flow, input, channel, MediaPackage channel or endpoint), URL-encoded.',
  );

const chainQuery = z.strictObject({
  direction: z
    .enum(CHAIN_DIRECTIONS as [ChainDirection, ...ChainDirection[]])
    .default('both')
    .describe('Which way to walk from the resource: upstream (towards the contribution), downstream, or both.'),
  depth: z.coerce
    .number()
    .int()
    .min(1)
    .max(CHAIN_LIMITS.maxDepth)
    .default(CHAIN_LIMITS.defaultDepth)
    .describe(`Hops from the resource, 1-${CHAIN_LIMITS.maxDepth}.`),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(CHAIN_LIMITS.maxNodes)
    .default(CHAIN_LIMITS.defaultNodes)
    .describe(`Nodes in the answer, the resource included, 1-${CHAIN_LIMITS.maxNodes}.`),
});

/** `GET /chains/{arn}`: the signal chain around any resource, read from the stored links. */
export const chainRoutes: Route<ApiDeps>[] = [
  defineRoute({
    method: 'GET',
    path: '/chains/{arn}',
    operationId: 'getChain',
    summary:
      'The signal chain around a resource: what feeds it and what it feeds, with status, health and active alarms on every node.',
    tag: TAG,
    params: z.strictObject({ arn: chainArn }),
    query: chainQuery,
    responses: { 200: 'The chain: nodes, edges, whether a bound cut it, and the DynamoDB reads it took.' },
    errors: [404],
    handle: async ({ params, query }, deps: ApiDeps) =>
      json(200, await getChain(deps.store, params.arn, query, deps.clock.now())),
  }),
];
