import { useEffect, useState } from 'preact/hooks';
import { ApiCallError, type Query } from '../../api/dashboard-api';
import { useApp } from '../../app-context';

/** Pages read at most when looking for one resource in a list route (100 rows each). */
export const MAX_LIST_PAGES = 20;

interface ListPage<Row> {
  items: Row[];
  nextToken?: string;
}

export interface ListedResource<Row> {
  data?: Row;
  error?: ApiCallError;
  reload(): void;
}

/**
 * One resource read from its list route, for the kinds the API lists but has no detail route for (MediaLive input
 * devices, MediaPackage v2 channel groups): pages of 100 with the narrowest filters the caller knows (account, Region,
 * name prefix) until the row with `arn` appears, at most MAX_LIST_PAGES pages; a 404 `NotFound` when it does not.
 * Re-read when the change feed reports a change of the resource (or asks for a reload).
 */
export function useListedResource<Row extends { arn: string }>(
  listRoute: string,
  arn: string,
  query: Query,
): ListedResource<Row> {
  const { api, live } = useApp();
  const [state, setState] = useState<{ data?: Row; error?: ApiCallError }>({});
  const [generation, setGeneration] = useState(0);
  const queryKey = JSON.stringify(query);

  useEffect(() => {
    let current = true;
    const find = async (): Promise<Row> => {
      let nextToken: string | undefined;
      for (let page = 0; page < MAX_LIST_PAGES; page++) {
        const answer = await api.get<ListPage<Row>>(listRoute, { ...query, limit: 100, nextToken });
        const row = answer.items.find((item) => item.arn === arn);
        if (row) return row;
        nextToken = answer.nextToken;
        if (!nextToken) break;
      }
      throw new ApiCallError(404, 'NotFound', `${arn} is not in ${listRoute}`);
    };
    find().then(
      (data) => current && setState({ data }),
      (error: unknown) =>
        current &&
        setState((previous) => ({
          ...previous,
          error: error instanceof ApiCallError ? error : new ApiCallError(0, 'ClientError', String(error)),
        })),
    );
    return () => {
      current = false;
    };
  }, [api, listRoute, arn, queryKey, generation]);

  useEffect(
    () =>
      live.subscribe((changes, reloadAll) => {
        if (reloadAll || changes.some((change) => change.arn === arn)) setGeneration((n) => n + 1);
      }),
    [live, arn],
  );

  return { ...state, reload: () => setGeneration((n) => n + 1) };
}
