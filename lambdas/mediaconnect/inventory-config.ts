import { serviceInventorySettingsFromEnv, ServiceInventorySettings } from '../polling/inventory-settings';
import type { QuotaSplit } from '../shared/service-quota';

/** The MediaConnect inventory's settings (read by the functions that call MediaConnect), from the environment. */
export interface InventorySettings extends ServiceInventorySettings {
  /** INVENTORY_TAG_SWEEP_PER_CYCLE: unchanged flows whose tags are re-read per cycle. @default 1 */
  readonly tagSweepPerCycle: number;
  /** MEDIACONNECT_QUOTA: the account's MediaConnect quota and its split between the functions. */
  readonly mediaConnectQuota: QuotaSplit;
  /** The inventory's pace: `mediaConnectQuota.functions.inventory.rps` (2.7 by default). */
  readonly mediaConnectRps: number;
  /** The inventory's burst: `mediaConnectQuota.functions.inventory.burst` (16 by default). */
  readonly mediaConnectBurst: number;
}

export function inventorySettingsFromEnv(env: NodeJS.ProcessEnv = process.env): InventorySettings {
  const settings = serviceInventorySettingsFromEnv('mediaconnect', env);
  return {
    ...settings,
    tagSweepPerCycle: settings.sweepPerCycle,
    mediaConnectQuota: settings.quota,
    mediaConnectRps: settings.quota.functions.inventory.rps,
    mediaConnectBurst: settings.quota.functions.inventory.burst,
  };
}
