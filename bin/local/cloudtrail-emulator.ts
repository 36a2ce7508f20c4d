import { isMutatingCall } from '../../lambdas/events/change-calls';
import { sleep } from '../../lambdas/shared/clock';
import { cloudTrailEvent, wireShape } from './cloudtrail-events';

/**
 * What moto cannot do: CloudTrail. After each successful mutating call (`isMutatingCall`: Create…, Update…, Stop…,
 * Tag…) made through a MediaConnect, MediaLive, MediaPackage or MediaPackage v2 client, the emulator builds the
 * `AWS API Call via CloudTrail` event AWS would put on the default bus (`cloudTrailEvent`, request and response in
 * their wire shape) and hands it to a sink: the local ingest, or a test's list. A failed call emits nothing, as the
 * stack's rule (`errorCode: [{exists: false}]`) never matches one; reads emit nothing, as the rule lists only the
 * watched mutating calls. Delivery is asynchronous, as CloudTrail's is: the call returns first, the event follows after
 * `delayMs`.
 */

/** The services the change path watches, by SDK client name; MediaPackage v2 records its members as they are. */
const SERVICES: Readonly<Record<string, { service: string; style: 'camel' | 'as-is' }>> = {
  MediaConnectClient: { service: 'mediaconnect', style: 'camel' },
  MediaLiveClient: { service: 'medialive', style: 'camel' },
  MediaPackageClient: { service: 'mediapackage', style: 'camel' },
  MediaPackageV2Client: { service: 'mediapackagev2', style: 'as-is' },
};

/** The CloudTrail service name (`mediaconnect`, …) and wire style of an SDK client name, or undefined if not watched. */
export function emulatedService(
  clientName: string | undefined,
): { service: string; style: 'camel' | 'as-is' } | undefined {
  return clientName === undefined ? undefined : SERVICES[clientName];
}

/** One emulated CloudTrail record, as the sink receives it. */
export interface EmittedCall {
  /** `StopFlow`. */
  readonly eventName: string;
  /** `mediaconnect`. */
  readonly service: string;
  /** Epoch ms just before the call went out (the API's `calledAtMs` is taken the same way). */
  readonly calledAtMs: number;
  /** Epoch ms at which the call returned. */
  readonly returnedAtMs: number;
  /** The EventBridge event. */
  readonly event: Record<string, unknown>;
}

/** Where emulated events go: the local ingest, a queue, a test's list. Its promise settles when it took the event. */
export type CloudTrailSink = (call: EmittedCall) => Promise<unknown> | unknown;

/** What became of one emitted event. */
export interface Delivery {
  readonly call: EmittedCall;
  /** Epoch ms at which the sink settled. */
  readonly settledAtMs: number;
  readonly ok: boolean;
  /** The sink's answer (e.g. the ingest's invocation outcome). */
  readonly result?: unknown;
  readonly error?: string;
}

export interface CloudTrailEmulatorOptions {
  /** The account the calls are made in (moto's). */
  readonly account: string;
  readonly sink: CloudTrailSink;
  /** CloudTrail's delay before the event reaches EventBridge; real trails take seconds to minutes. @default 0 */
  readonly delayMs?: number;
  /** Epoch ms; the event's `eventTime` comes from it (tests run on a controllable clock). @default Date.now */
  readonly now?: () => number;
  /** Hears about each delivery once the sink settled. */
  readonly onDelivery?: (delivery: Delivery) => void;
}

type InitializeHandler = (args: { input: object }) => Promise<{ output: unknown }>;

/** Structurally any SDK v3 client (the pinned clients depend on different @smithy/types versions). */
export interface EmulatedClient {
  readonly config: { region: unknown };
  middlewareStack: {
    add(
      middleware: (
        next: InitializeHandler,
        context: { clientName?: string; commandName?: string },
      ) => InitializeHandler,
      options: { step: 'initialize'; name: string; override?: boolean },
    ): void;
  };
}

/** A client class whose instances the emulator can attach to when they first send (`attachToAll`). */
export interface EmulatedClientClass {
  readonly name: string;
  readonly prototype: { send: (...args: never[]) => Promise<unknown> };
}

const MIDDLEWARE_NAME = 'cloudTrailEmulator';
/** The emulator a patched class attaches its instances to, so a second runtime in one process cannot stack a patch. */
const PATCHED = Symbol.for('media-monitor.cloudTrailEmulator');

export class CloudTrailEmulator {
  private readonly pending = new Set<Promise<void>>();
  private readonly attached = new WeakSet<object>();
  private counts = { emitted: 0, delivered: 0, failed: 0 };

  constructor(private readonly options: CloudTrailEmulatorOptions) {}

  /** Events emitted, delivered (the sink took them) and failed (the sink threw). */
  get stats(): { emitted: number; delivered: number; failed: number } {
    return { ...this.counts };
  }

  /**
   * Adds the emulating middleware to one client. It sits in the initialize step, outside the retry loop: one event per
   * successful `send`, whatever the retries. A client of another service is left as it is.
   */
  attach<C extends EmulatedClient>(client: C): C {
    if (this.attached.has(client)) return client;
    this.attached.add(client);
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const service = emulatedService(context.clientName);
        const eventName = (context.commandName ?? '').replace(/Command$/, '');
        if (!service || !isMutatingCall(eventName)) return next(args);
        const calledAtMs = this.now();
        const result = await next(args);
        const region = await regionOf(client);
        const returnedAtMs = this.now();
        this.emit({
          eventName,
          service: service.service,
          calledAtMs,
          returnedAtMs,
          event: cloudTrailEvent({
            service: service.service,
            eventName,
            account: this.options.account,
            region,
            time: new Date(calledAtMs),
            requestParameters: wireShape(args.input, service.style) as Record<string, unknown>,
            responseElements: wireShape(result.output, service.style) as Record<string, unknown>,
          }),
        });
        return result;
      },
      { step: 'initialize', name: MIDDLEWARE_NAME, override: true },
    );
    return client;
  }

  /**
   * Attaches to every instance of these classes at its next `send`, including the clients the handlers create at
   * module load (which nothing outside them can reach), by shadowing `send` on each class's prototype. Local runtime
   * only: the deployed handlers never load this file. Returns the undo. Throws if another emulator holds a class.
   */
  attachToAll(classes: readonly EmulatedClientClass[]): () => void {
    const undo: (() => void)[] = [];
    for (const cls of classes) {
      const proto = cls.prototype as EmulatedClientClass['prototype'] & { [PATCHED]?: CloudTrailEmulator };
      if (Object.prototype.hasOwnProperty.call(proto, PATCHED)) {
        undo.forEach((u) => u());
        throw new Error(`${cls.name} already emits CloudTrail events for another emulator`);
      }
      const hadOwnSend = Object.prototype.hasOwnProperty.call(proto, 'send');
      const ownSend = proto.send;
      // eslint-disable-next-line @typescript-eslint/no-this-alias
      const emulator = this;
      Object.defineProperty(proto, PATCHED, { value: this, configurable: true });
      Object.defineProperty(proto, 'send', {
        configurable: true,
        writable: true,
        value: function send(this: EmulatedClient, ...args: never[]) {
          emulator.attach(this);
          return ownSend.apply(this, args);
        },
      });
      undo.push(() => {
        delete (proto as { [PATCHED]?: unknown })[PATCHED];
        if (hadOwnSend) Object.defineProperty(proto, 'send', { value: ownSend, configurable: true, writable: true });
        else delete (proto as { send?: unknown }).send;
      });
    }
    return () => undo.splice(0).forEach((u) => u());
  }

  /** Resolves when every event emitted so far was handed to the sink (and the sink settled). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private emit(call: EmittedCall): void {
    this.counts.emitted++;
    const delivery = (async () => {
      if ((this.options.delayMs ?? 0) > 0) await sleep(this.options.delayMs as number);
      let outcome: Delivery;
      try {
        const result = await this.options.sink(call);
        this.counts.delivered++;
        outcome = { call, settledAtMs: this.now(), ok: true, ...(result !== undefined ? { result } : {}) };
      } catch (error) {
        this.counts.failed++;
        outcome = { call, settledAtMs: this.now(), ok: false, error: describe(error) };
      }
      try {
        this.options.onDelivery?.(outcome);
      } catch {
        // A listener's fault is not the delivery's.
      }
    })();
    this.pending.add(delivery);
    void delivery.finally(() => this.pending.delete(delivery));
  }
}

async function regionOf(client: EmulatedClient): Promise<string> {
  const region = client.config.region;
  return String(typeof region === 'function' ? await (region as () => Promise<unknown>)() : region);
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
