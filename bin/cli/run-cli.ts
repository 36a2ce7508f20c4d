import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { ApiClient, ApiRequestError } from './api-client';
import type { DashboardBundle } from '../dashboard/build';
import type { CredentialsSource } from './deployed-api';
import type { HttpTransport } from './http-transport';
import {
  alarmsCommand,
  chainCommand,
  ChainOptions,
  channelCommand,
  channelsCommand,
  originEndpointsCommand,
  packageChannelsCommand,
  type PackageListFilters,
  v2ChannelsCommand,
  channelStateCommand,
  CliUsageError,
  CommandContext,
  CommandOutput,
  EntitlementFields,
  ListWindow,
  eventsCommand,
  flowCommand,
  flowsCommand,
  flowStateCommand,
  grantCommand,
  inputDevicesCommand,
  inputsCommand,
  MediaLiveListFilters,
  pollingCommand,
  repollCommand,
  revokeCommand,
  summaryCommand,
  TargetFilter,
  updateEntitlementCommand,
} from './commands';
import {
  createStaticKey,
  KEY_BITS,
  KeyFileExistsError,
  parseKeyBits,
  RandomSource,
  writeKeyFile,
} from './encryption-key';

const ENTITLEMENT_SUBCOMMANDS = `  entitlement grant <flow> --name N --subscriber ACCOUNT [--subscriber ACCOUNT ...] [--description D] [--fee PERCENT]
                    [--disabled] [encryption options]
  entitlement update <flow> <entitlement name|arn> [--enable|--disable] [--description D] [--subscriber ACCOUNT ...]
                    [encryption options]
  entitlement revoke <flow> <entitlement name|arn>`;

const ENCRYPTION_OPTIONS = `Encryption options: --encryption SETUP [--algorithm aes128|aes192|aes256 (default aes256)]
                      a static-key setup the deployment config names (encryptionSetups): its role and secret
  or: --key-type static-key|speke --encryption-role-arn ARN --algorithm aes128|aes192|aes256
  static-key: --secret-arn ARN      speke: --resource-id ID --device-id ID --key-url URL [--constant-iv HEX32]`;

const ENCRYPTION_SUBCOMMANDS = `  encryption create-key [--bits 128|192|256 (default 256)] [--out FILE]
                    a new static key (lowercase hex, from a secure random source) for a setup's secret: printed,
                    or with --out written to a new file readable by you only (never overwritten); needs no API`;

/** `mediamon dashboard`'s port (as the demo's dashboard). */
const DASHBOARD_PORT = 3002;

/** What \`--algorithm\` defaults to with \`--encryption\`: the setups' default key is 256 bits (StaticKeyEncryption). */
export const DEFAULT_SETUP_ALGORITHM = 'aes256';

export const USAGE = `Usage: mediamon [options] <command>

Commands:
  flows [--status S] [--name-prefix P] [--tag key[=value]] [--include-deleted] [--limit N] [--next-token T]
  flow <name|arn>                         the flow as a tree: sources, outputs, entitlements, metrics, alarms
  alarms [--state ALARM|OK|INSUFFICIENT_DATA] [--limit N] [--next-token T]
  events <flow name|arn> [--since 15m|2h|1d|ISO] [--limit N (default 50)] [--next-token T]
  summary
  start <flow>    stop <flow>
  polling <flow> --enabled true|false --interval SECONDS
  repoll <flow>
  channels [--status S] [--name-prefix P] [--include-deleted] [--limit N] [--next-token T]
  channel <name|arn>                      a MediaLive channel as a tree: pipelines, inputs, destinations, alerts
  inputs [--status S] [--name-prefix P] [--include-deleted] [--limit N] [--next-token T]
  input-devices [--status CONNECTED|DISCONNECTED] [--name-prefix P] [--limit N] [--next-token T]
  start-channel <channel>    stop-channel <channel>
  chain <name|arn> [--direction up|down|both] [--depth 1-10]
                                          the signal chain: what feeds it (above) and what it feeds (below)
  package-channels [--id-prefix P] [--include-deleted] [--limit N] [--next-token T]   MediaPackage v1 channels
  origin-endpoints [--channel ID] [--id-prefix P] [--include-deleted] [--limit N] [--next-token T]
  v2-channels [--name-prefix P] [--include-deleted] [--limit N] [--next-token T]   MediaPackage v2 channels
  dashboard [--port N (default ${DASHBOARD_PORT}, 0: any free port)]
                                          the web dashboard on http://127.0.0.1:PORT/ until Ctrl-C; this process
                                          signs its API calls with your credentials (or --role-arn), the browser
                                          never holds them
${ENTITLEMENT_SUBCOMMANDS}
${ENCRYPTION_SUBCOMMANDS}

${ENCRYPTION_OPTIONS}

Targets: a deployment may watch several accounts. Every list shows the ACCOUNT and covers every watched account
unless narrowed; a name (of a flow, channel, …) is looked up in the accounts covered:
  --account ID          only this watched account (12 digits)
  --target-region R     only this watched Region (--region is the API's own Region, for signing)

Options:
  --api-url URL     the API's URL with its stage (env MEDIAMON_API_URL), or http://127.0.0.1:PORT for the local runtime
                    (unsigned, with no AWS credentials or --region, unless --role-arn is given)
  --region R        the API's Region, for signing (env AWS_REGION; else taken from an execute-api URL)
  --role-arn ARN    assume this role (read-only or operator) for the call (env MEDIAMON_ROLE_ARN)
  --json            print the API's JSON instead of tables
  -h, --help

A list stops at --limit and says when more pages exist. Exit codes: 0 ok, 1 the API refused or failed, 2 usage.`;

/** \`mediamon entitlement --help\`, and what \`mediamon entitlement\` alone prints. */
export const ENTITLEMENT_USAGE = `Usage: mediamon [options] entitlement <grant|update|revoke> ...

Subcommands:
${ENTITLEMENT_SUBCOMMANDS}

${ENCRYPTION_OPTIONS}`;

/** `mediamon encryption --help`, and what `mediamon encryption` alone prints. */
export const ENCRYPTION_USAGE = `Usage: mediamon encryption create-key [--bits 128|192|256] [--out FILE] [--json]

Subcommands:
${ENCRYPTION_SUBCOMMANDS}

Store the key as the setup's secret (seed 004: "Plaintext", the key alone), e.g.
  mediamon encryption create-key --out key.hex
  aws secretsmanager put-secret-value --secret-id media-monitor/encryption/<setup> --secret-string file://key.hex
then give the subscriber the key out of band, and grant with: mediamon entitlement grant <flow> --encryption <setup> …`;

const OPTIONS = {
  'api-url': { type: 'string' },
  account: { type: 'string' },
  'target-region': { type: 'string' },
  encryption: { type: 'string' },
  bits: { type: 'string' },
  out: { type: 'string' },
  region: { type: 'string' },
  'role-arn': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  status: { type: 'string' },
  'name-prefix': { type: 'string' },
  'id-prefix': { type: 'string' },
  channel: { type: 'string' },
  tag: { type: 'string' },
  'include-deleted': { type: 'boolean' },
  limit: { type: 'string' },
  'next-token': { type: 'string' },
  state: { type: 'string' },
  since: { type: 'string' },
  enabled: { type: 'string' },
  interval: { type: 'string' },
  name: { type: 'string' },
  subscriber: { type: 'string', multiple: true },
  description: { type: 'string' },
  fee: { type: 'string' },
  enable: { type: 'boolean' },
  disable: { type: 'boolean' },
  disabled: { type: 'boolean' },
  'key-type': { type: 'string' },
  'encryption-role-arn': { type: 'string' },
  'secret-arn': { type: 'string' },
  algorithm: { type: 'string' },
  'resource-id': { type: 'string' },
  'device-id': { type: 'string' },
  'key-url': { type: 'string' },
  'constant-iv': { type: 'string' },
  direction: { type: 'string' },
  depth: { type: 'string' },
  port: { type: 'string' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>['values'];

const GLOBAL = ['api-url', 'region', 'role-arn', 'json', 'help'];
const ENCRYPTION = [
  'encryption',
  'key-type',
  'encryption-role-arn',
  'secret-arn',
  'algorithm',
  'resource-id',
  'device-id',
  'key-url',
  'constant-iv',
];
/** The target filter: on every list, and on every command that looks a name up. */
const TARGET = ['account', 'target-region'];
/** Options each command takes besides the global ones. */
const COMMAND_OPTIONS: Record<string, readonly string[]> = {
  flows: ['status', 'name-prefix', 'tag', 'include-deleted', 'limit', 'next-token', ...TARGET],
  flow: TARGET,
  alarms: ['state', 'limit', 'next-token', ...TARGET],
  events: ['since', 'limit', 'next-token', ...TARGET],
  summary: [],
  start: TARGET,
  stop: TARGET,
  polling: ['enabled', 'interval', ...TARGET],
  repoll: TARGET,
  channels: ['status', 'name-prefix', 'include-deleted', 'limit', 'next-token', ...TARGET],
  channel: TARGET,
  inputs: ['status', 'name-prefix', 'include-deleted', 'limit', 'next-token', ...TARGET],
  'input-devices': ['status', 'name-prefix', 'include-deleted', 'limit', 'next-token', ...TARGET],
  'v2-channels': ['name-prefix', 'include-deleted', 'limit', 'next-token', ...TARGET],
  'start-channel': TARGET,
  'stop-channel': TARGET,
  chain: ['direction', 'depth', ...TARGET],
  'package-channels': ['id-prefix', 'include-deleted', 'limit', 'next-token', ...TARGET],
  'origin-endpoints': ['channel', 'id-prefix', 'include-deleted', 'limit', 'next-token', ...TARGET],
  'entitlement grant': ['name', 'subscriber', 'description', 'fee', 'disabled', ...ENCRYPTION, ...TARGET],
  'entitlement update': ['subscriber', 'description', 'enable', 'disable', ...ENCRYPTION, ...TARGET],
  'entitlement revoke': TARGET,
  'encryption create-key': ['bits', 'out'],
  dashboard: ['port'],
};

/** Commands with subcommands: \`mediamon entitlement grant …\`. */
const GROUPS: Record<string, { subcommands: string; usage: string }> = {
  entitlement: { subcommands: 'grant, update or revoke', usage: ENTITLEMENT_USAGE },
  encryption: { subcommands: 'create-key', usage: ENCRYPTION_USAGE },
};

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
  /** @default the SDK's providers (see credentials.ts) */
  credentials?: CredentialsSource;
  /** @default Date.now */
  now?: () => number;
  /** @default nodeHttpTransport (node:http, node:https) */
  transport?: HttpTransport;
  /** The secure random source of `encryption create-key`. @default crypto.randomBytes */
  randomBytes?: RandomSource;
  /** `mediamon dashboard`: a built app instead of building, and when to stop. @default build; the first Ctrl-C */
  dashboard?: { bundle?: DashboardBundle; untilStopped?: Promise<void> };
}

/** Runs one CLI invocation; resolves to the process exit code (0 ok, 1 the API refused or failed, 2 usage). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let values: Values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true }));
  } catch (error) {
    io.stderr(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (values.help || positionals.length === 0) {
    const usage = GROUPS[positionals[0] ?? '']?.usage ?? USAGE;
    (values.help ? io.stdout : io.stderr)(`${usage}\n`);
    return values.help ? 0 : 2;
  }
  try {
    const output = await dispatch(values, positionals, io);
    io.stdout(`${values.json ? JSON.stringify(output.data, null, 2) : output.text}\n`);
    return 0;
  } catch (error) {
    if (error instanceof CliUsageError) {
      io.stderr(`mediamon: ${error.message}\n${error.usage ? `\n${error.usage}\n` : ''}`);
      return 2;
    }
    if (error instanceof ApiRequestError) {
      const blamed = blamedInput(error, values);
      if (blamed) {
        io.stderr(
          values.json
            ? `${JSON.stringify({ error: { status: error.status, code: error.code, message: blamed, field: error.field } })}\n`
            : `mediamon: ${blamed}\n`,
        );
        return 2;
      }
      io.stderr(
        values.json
          ? `${JSON.stringify({ error: { status: error.status, code: error.code, message: error.message } })}\n`
          : `mediamon: ${error.status} ${error.code}: ${error.message}\n`,
      );
      return 1;
    }
    const apiUrl = values['api-url'] ?? io.env.MEDIAMON_API_URL;
    if ((error as NodeJS.ErrnoException).code === 'ECONNREFUSED' && apiUrl && isLocalRuntimeUrl(apiUrl)) {
      io.stderr(
        `mediamon: nothing answers at ${apiUrl} (connection refused); start the local runtime with \`npm run demo\` or \`npm start\` (REST API on port 3000)\n`,
      );
      return 1;
    }
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause ? ` (${cause.code ?? cause.message ?? 'no detail'})` : '';
    io.stderr(`mediamon: ${(error as Error).message}${reason}\n`);
    return 1;
  }
}

async function dispatch(values: Values, positionals: string[], io: CliIo): Promise<CommandOutput> {
  const [command = '', ...rest] = positionals;
  const group = GROUPS[command];
  if (group && rest.length === 0)
    throw new CliUsageError(`${command} takes a subcommand: ${group.subcommands}`, group.usage);
  const key = group ? `${command} ${rest[0]}` : command;
  const args = group ? rest.slice(1) : rest;
  const allowed = COMMAND_OPTIONS[key];
  if (!allowed)
    throw group
      ? new CliUsageError(`unknown ${command} subcommand "${rest[0]}"; use ${group.subcommands}`, group.usage)
      : new CliUsageError(`unknown command "${command}"; see mediamon --help`);
  const misplaced = Object.keys(values).filter((name) => !GLOBAL.includes(name) && !allowed.includes(name));
  if (misplaced.length) throw new CliUsageError(`${key} does not take --${misplaced.join(', --')}`);
  // Local work: a key never goes near the API (nor needs its URL or credentials).
  if (key === 'encryption create-key') {
    if (args.length) throw new CliUsageError(`${key} takes no arguments`);
    return createKeyCommand(values, io);
  }
  if (key === 'dashboard') {
    if (args.length) throw new CliUsageError(`${key} takes no arguments`);
    return dashboardCommand(values, io);
  }
  const ctx = { ...(await createContext(values, io)), target: targetFilter(values) };
  const one = (what: string) => {
    if (args.length !== 1) throw new CliUsageError(`${key} takes one ${what}`);
    return args[0] as string;
  };
  const two = (): [string, string] => {
    if (args.length !== 2) throw new CliUsageError(`${key} takes a flow and an entitlement`);
    return [args[0] as string, args[1] as string];
  };
  const noArgs = () => {
    if (args.length) throw new CliUsageError(`${key} takes no arguments`);
  };
  const window: ListWindow = {
    ...(values.limit !== undefined ? { max: positiveInteger('--limit', values.limit) } : {}),
    ...(values['next-token'] ? { nextToken: values['next-token'] } : {}),
  };
  switch (key) {
    case 'flows':
      noArgs();
      return flowsCommand(
        ctx,
        {
          ...(values.status ? { status: values.status } : {}),
          ...(values['name-prefix'] ? { namePrefix: values['name-prefix'] } : {}),
          ...(values.tag ? { tag: values.tag } : {}),
          ...(values['include-deleted'] ? { includeDeleted: true } : {}),
        },
        window,
      );
    case 'flow':
      return flowCommand(ctx, one('flow name or ARN'));
    case 'alarms':
      noArgs();
      return alarmsCommand(ctx, values.state ? { state: values.state } : {}, window);
    case 'events':
      return eventsCommand(
        ctx,
        one('flow name or ARN'),
        values.since !== undefined ? { since: sinceTime(values.since, ctx.now) } : {},
        window,
      );
    case 'summary':
      noArgs();
      return summaryCommand(ctx);
    case 'start':
    case 'stop':
      return flowStateCommand(ctx, key, one('flow name or ARN'));
    case 'polling':
      return pollingCommand(ctx, one('flow name or ARN'), pollingSettings(values));
    case 'repoll':
      return repollCommand(ctx, one('flow name or ARN'));
    case 'channels':
    case 'inputs':
    case 'input-devices': {
      noArgs();
      const filters: MediaLiveListFilters = {
        ...(values.status ? { status: values.status } : {}),
        ...(values['name-prefix'] ? { namePrefix: values['name-prefix'] } : {}),
        ...(values['include-deleted'] ? { includeDeleted: true } : {}),
      };
      if (key === 'channels') return channelsCommand(ctx, filters, window);
      return key === 'inputs' ? inputsCommand(ctx, filters, window) : inputDevicesCommand(ctx, filters, window);
    }
    case 'package-channels':
    case 'origin-endpoints': {
      noArgs();
      const filters: PackageListFilters = {
        ...(values['id-prefix'] ? { idPrefix: values['id-prefix'] } : {}),
        ...(values.channel ? { channelId: values.channel } : {}),
        ...(values['include-deleted'] ? { includeDeleted: true } : {}),
      };
      return key === 'package-channels'
        ? packageChannelsCommand(ctx, filters, window)
        : originEndpointsCommand(ctx, filters, window);
    }
    case 'v2-channels':
      noArgs();
      return v2ChannelsCommand(
        ctx,
        {
          ...(values['name-prefix'] ? { namePrefix: values['name-prefix'] } : {}),
          ...(values['include-deleted'] ? { includeDeleted: true } : {}),
        },
        window,
      );
    case 'channel':
      return channelCommand(ctx, one('channel name or ARN'));
    case 'start-channel':
    case 'stop-channel':
      return channelStateCommand(ctx, key === 'start-channel' ? 'start' : 'stop', one('channel name or ARN'));
    case 'chain':
      return chainCommand(ctx, one('resource name or ARN'), chainOptions(values));
    case 'entitlement grant':
      return grantCommand(ctx, one('flow name or ARN'), entitlementFields(values, 'grant'));
    case 'entitlement update': {
      const [flow, entitlement] = two();
      return updateEntitlementCommand(ctx, flow, entitlement, entitlementFields(values, 'update'));
    }
    default: {
      const [flow, entitlement] = two();
      return revokeCommand(ctx, flow, entitlement);
    }
  }
}

async function createContext(values: Values, io: CliIo): Promise<CommandContext> {
  const apiUrl = values['api-url'] ?? io.env.MEDIAMON_API_URL;
  if (!apiUrl) throw new CliUsageError('give --api-url (or set MEDIAMON_API_URL)');
  if (!/^https?:\/\//.test(apiUrl)) throw new CliUsageError('--api-url must be an http(s) URL');
  const now = (io.now ?? Date.now)();
  const transport = io.transport ? { transport: io.transport } : {};
  // The local runtime has no IAM (bin/local/api-server.ts): nothing to sign, so no credentials and no Region, unless
  // --role-arn is given on the command line (MEDIAMON_ROLE_ARN, meant for the deployed API, does not count here).
  const local = isLocalRuntimeUrl(apiUrl);
  if (local && values['role-arn'] === undefined) return { api: new ApiClient({ apiUrl, ...transport }), now };
  const region = values.region ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION ?? regionOfApiUrl(apiUrl);
  if (!region) throw new CliUsageError('give --region (or set AWS_REGION): it cannot be read from the API URL');
  const roleArn = values['role-arn'] ?? (local ? undefined : io.env.MEDIAMON_ROLE_ARN);
  // Loaded here, not at the top: the SDK's credential chain and signer are most of the CLI's code, and the bundle
  // keeps them in a file of their own (bin/cli/cli-bundle.js), which a command against the local runtime never reads.
  const { deployedApiSigner } = await import('./deployed-api');
  const sign = deployedApiSigner({ region, roleArn, ...(io.credentials ? { credentials: io.credentials } : {}) });
  return { api: new ApiClient({ apiUrl, sign, ...transport }), now };
}

/**
 * `mediamon dashboard`: the API is found and signed for as by every other command (a loopback URL unsigned unless
 * `--role-arn` is given), then the server runs until stopped. Its module, which loads esbuild, is read only here.
 */
async function dashboardCommand(values: Values, io: CliIo): Promise<CommandOutput> {
  const port = values.port === undefined ? DASHBOARD_PORT : Number(values.port);
  if (!/^\d{1,5}$/.test(values.port ?? '0') || port > 65_535)
    throw new CliUsageError(`--port must be a port number, 0-65535 (0: any free port); got "${values.port}"`);
  const apiUrl = values['api-url'] ?? io.env.MEDIAMON_API_URL;
  if (!apiUrl) throw new CliUsageError('give --api-url (or set MEDIAMON_API_URL)');
  if (!/^https?:\/\//.test(apiUrl)) throw new CliUsageError('--api-url must be an http(s) URL');
  const signed = !isLocalRuntimeUrl(apiUrl) || values['role-arn'] !== undefined;
  const region = signed
    ? (values.region ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION ?? regionOfApiUrl(apiUrl))
    : undefined;
  if (signed && !region)
    throw new CliUsageError('give --region (or set AWS_REGION): it cannot be read from the API URL');
  const roleArn = values['role-arn'] ?? (isLocalRuntimeUrl(apiUrl) ? undefined : io.env.MEDIAMON_ROLE_ARN);
  const { runDashboardCommand } = await import('./dashboard-command');
  await runDashboardCommand(
    { apiUrl: apiUrl.replace(/\/$/, ''), signed, region, roleArn, port },
    {
      stdout: io.stdout,
      ...(io.credentials ? { credentials: io.credentials } : {}),
      ...(io.dashboard?.bundle ? { bundle: io.dashboard.bundle } : {}),
      ...(io.dashboard?.untilStopped ? { untilStopped: io.dashboard.untilStopped } : {}),
    },
  );
  return { data: { stopped: true }, text: 'dashboard stopped.' };
}

/** `--account` and `--target-region`, checked for form here; the API says whether the deployment watches them. */
function targetFilter(values: Values): TargetFilter {
  if (values.account !== undefined && !/^\d{12}$/.test(values.account))
    throw new CliUsageError(`--account must be a 12-digit AWS account id, without hyphens; got "${values.account}"`);
  if (values['target-region'] !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(values['target-region']))
    throw new CliUsageError(
      `--target-region must be a Region code such as eu-west-1; got "${values['target-region']}"`,
    );
  return {
    ...(values.account !== undefined ? { account: values.account } : {}),
    ...(values['target-region'] !== undefined ? { region: values['target-region'] } : {}),
  };
}

/**
 * `encryption create-key`: the key on stdout, or only in the `--out` file (mode 0600, never overwritten), with a line
 * on stdout saying where it went. `--json` prints `{bits, key}`, or `{bits, out}` with --out.
 */
function createKeyCommand(values: Values, io: CliIo): CommandOutput {
  const bits = values.bits === undefined ? 256 : parseKeyBits(values.bits);
  if (bits === undefined) throw new CliUsageError(`--bits must be ${KEY_BITS.join(', ')}; got "${values.bits}"`);
  const key = createStaticKey(bits, io.randomBytes ?? randomBytes);
  if (values.out === undefined) return { data: { bits, key }, text: key };
  try {
    writeKeyFile(values.out, key);
  } catch (error) {
    if (error instanceof KeyFileExistsError) throw new CliUsageError(error.message);
    throw error;
  }
  return {
    data: { bits, out: values.out },
    text: `Wrote a ${bits}-bit key to ${values.out} (mode 0600); store it as the setup's secret, then remove the file`,
  };
}

/** An `http://` URL on a loopback host: the local runtime (`npm start`, `npm run demo`), which takes unsigned requests. */
export function isLocalRuntimeUrl(apiUrl: string): boolean {
  const url = new URL(apiUrl);
  if (url.protocol !== 'http:') return false;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** The Region of an `https://<id>.execute-api.<region>.amazonaws.com/<stage>` URL. */
export function regionOfApiUrl(apiUrl: string): string | undefined {
  return /\.execute-api\.([a-z0-9-]+)\.amazonaws\.com/.exec(apiUrl)?.[1];
}

/** An ISO-8601 date-time with a zone, as the API takes it: `2025-11-25T10:00:00Z`, `2025-11-25T10:00+01:00`. */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

/** `--since`: `15m`, `2h`, `1d` before now, or an ISO time with a zone; as the ISO time in UTC. */
export function sinceTime(value: string, now: number): string {
  const relative = /^(\d+)([smhd])$/.exec(value);
  if (relative) {
    const seconds = { s: 1, m: 60, h: 3600, d: 86_400 }[relative[2] as 's' | 'm' | 'h' | 'd'];
    return new Date(now - Number(relative[1]) * seconds * 1000).toISOString();
  }
  const time = ISO_TIME.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time))
    throw new CliUsageError(
      `--since "${value}" is not a duration (15m, 2h, 1d) or an ISO time with a zone (2025-11-25T10:00:00Z)`,
    );
  return new Date(time).toISOString();
}

/** `--direction up|down|both` (or the API's own words) and `--depth N`. */
function chainOptions(values: Values): ChainOptions {
  const directions: Record<string, NonNullable<ChainOptions['direction']>> = {
    up: 'upstream',
    upstream: 'upstream',
    down: 'downstream',
    downstream: 'downstream',
    both: 'both',
  };
  const direction = values.direction === undefined ? undefined : directions[values.direction];
  if (values.direction !== undefined && !direction)
    throw new CliUsageError(`--direction must be up, down or both; got "${values.direction}"`);
  return {
    ...(direction ? { direction } : {}),
    ...(values.depth !== undefined ? { depth: positiveInteger('--depth', values.depth) } : {}),
  };
}

function pollingSettings(values: Values): { enabled: boolean; intervalSeconds: number } {
  if (values.enabled !== 'true' && values.enabled !== 'false')
    throw new CliUsageError('polling needs --enabled true|false');
  if (values.interval === undefined) throw new CliUsageError('polling needs --interval SECONDS');
  return {
    enabled: values.enabled === 'true',
    intervalSeconds: wholeNumber(values.interval, '--interval must be a whole number of seconds'),
  };
}

function entitlementFields(values: Values, mode: 'grant' | 'update'): EntitlementFields {
  if (values.enable && values.disable) throw new CliUsageError('give --enable or --disable, not both');
  const encryption = encryptionFields(values);
  const fields: EntitlementFields = {
    ...(values.name !== undefined ? { name: values.name } : {}),
    ...(values.subscriber ? { subscribers: values.subscriber } : {}),
    ...(values.description !== undefined ? { description: values.description } : {}),
    ...(values.fee !== undefined
      ? { dataTransferSubscriberFeePercent: wholeNumber(values.fee, '--fee must be a whole percentage, 0-100') }
      : {}),
    ...(values.disabled || values.disable
      ? { entitlementStatus: 'DISABLED' as const }
      : values.enable
        ? { entitlementStatus: 'ENABLED' as const }
        : {}),
    ...(encryption ? { encryption } : {}),
  };
  if (mode === 'grant' && (!fields.name || !fields.subscribers))
    throw new CliUsageError('entitlement grant needs --name and at least one --subscriber');
  return fields;
}

/**
 * The encryption object from the encryption options; the API validates that it is complete and not mixed. `--encryption
 * SETUP` names a setup of the deployment config (its role and secret), with `--algorithm` (default aes256).
 */
function encryptionFields(values: Values): Record<string, string> | undefined {
  if (values.encryption !== undefined) {
    const raw = ['key-type', 'encryption-role-arn', 'secret-arn', 'resource-id', 'device-id', 'key-url', 'constant-iv'];
    const mixed = raw.filter((name) => values[name as keyof Values] !== undefined);
    if (mixed.length)
      throw new CliUsageError(
        `--encryption names a setup, which brings its own role and secret: drop --${mixed.join(', --')}`,
      );
    return { setup: values.encryption, algorithm: values.algorithm ?? DEFAULT_SETUP_ALGORITHM };
  }
  const map: Record<string, string | undefined> = {
    keyType: values['key-type'],
    roleArn: values['encryption-role-arn'],
    secretArn: values['secret-arn'],
    algorithm: values.algorithm,
    resourceId: values['resource-id'],
    deviceId: values['device-id'],
    url: values['key-url'],
    constantInitializationVector: values['constant-iv'],
  };
  const given = Object.entries(map).filter((entry): entry is [string, string] => entry[1] !== undefined);
  return given.length ? Object.fromEntries(given) : undefined;
}

function positiveInteger(option: string, value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new CliUsageError(`${option} must be a positive integer`);
  return parsed;
}

/** A number written with digits only; the API checks its range and the CLI names the flag when it refuses it. */
function wholeNumber(value: string, message: string): number {
  if (!/^\d{1,9}$/.test(value)) throw new CliUsageError(`${message}; got "${value}"`);
  return Number(value);
}

/**
 * The CLI's name for each field the API can blame (`error.field`): its flag, or the positional argument. A field
 * under a repeated flag (`subscribers.1`) is named with the value given.
 */
const FLAG_OF_FIELD: Record<string, { flag: string; values?: keyof Values }> = {
  status: { flag: '--status' },
  namePrefix: { flag: '--name-prefix' },
  tag: { flag: '--tag' },
  includeDeleted: { flag: '--include-deleted' },
  limit: { flag: '--limit' },
  nextToken: { flag: '--next-token' },
  state: { flag: '--state' },
  since: { flag: '--since' },
  enabled: { flag: '--enabled' },
  intervalSeconds: { flag: '--interval' },
  name: { flag: '--name' },
  subscribers: { flag: '--subscriber', values: 'subscriber' },
  description: { flag: '--description' },
  dataTransferSubscriberFeePercent: { flag: '--fee' },
  entitlementStatus: { flag: '--enable/--disable' },
  encryption: { flag: 'the encryption options' },
  'encryption.setup': { flag: '--encryption' },
  account: { flag: '--account' },
  region: { flag: '--target-region' },
  'encryption.keyType': { flag: '--key-type' },
  'encryption.roleArn': { flag: '--encryption-role-arn' },
  'encryption.secretArn': { flag: '--secret-arn' },
  'encryption.algorithm': { flag: '--algorithm' },
  'encryption.resourceId': { flag: '--resource-id' },
  'encryption.deviceId': { flag: '--device-id' },
  'encryption.url': { flag: '--key-url' },
  'encryption.constantInitializationVector': { flag: '--constant-iv' },
  flowArn: { flag: 'the flow' },
  channelArn: { flag: 'the channel' },
  arn: { flag: 'the resource' },
  direction: { flag: '--direction' },
  depth: { flag: '--depth' },
  resourceArn: { flag: 'the flow' },
  entitlementArn: { flag: 'the entitlement' },
};

/** The API's 400 about one field, reworded to name the flag the user typed; undefined when no flag is to blame. */
function blamedInput(error: ApiRequestError, values: Values): string | undefined {
  if (error.status !== 400 || !error.field) return undefined;
  const path = error.field.split('.');
  const index = path.findIndex((part) => /^\d+$/.test(part));
  const named = FLAG_OF_FIELD[(index < 0 ? path : path.slice(0, index)).join('.')];
  if (!named) return undefined;
  const given = named.values && index >= 0 ? values[named.values] : undefined;
  const value = Array.isArray(given) ? given[Number(path[index])] : undefined;
  const reason = error.message.startsWith(`${error.field}: `)
    ? error.message.slice(error.field.length + 2)
    : error.message;
  return `${named.flag}${value !== undefined ? ` ${value}` : ''}: ${reason}`;
}
