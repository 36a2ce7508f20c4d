import { startDynalite, startMoto, LOCAL_CREDENTIALS } from '../../bin/local/emulators';

/**
 * Starts one moto_server and one in-memory dynalite for the whole integration run. Test files isolate
 * themselves by AWS region (moto partitions state by region) and by table name. If moto_server is missing it is
 * installed with pip; if that fails the run fails with instructions, it never skips.
 */
export default async function globalSetup(): Promise<void> {
  const [moto, dynalite] = await Promise.all([startMoto(), startDynalite()]);
  process.env.MOTO_ENDPOINT = moto.endpoint;
  process.env.DYNAMODB_ENDPOINT = dynalite.endpoint;
  process.env.AWS_ACCESS_KEY_ID = LOCAL_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = LOCAL_CREDENTIALS.secretAccessKey;
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  (globalThis as Record<string, unknown>).__emulators = [moto, dynalite];
}
