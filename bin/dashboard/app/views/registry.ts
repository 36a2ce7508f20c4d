import { flowsModule } from './mediaconnect/flows-view';
import type { ResourceRow, ResourceViewModule } from './view-module';

/** Every resource kind the dashboard shows, in navigation order. A new kind is one line here. */
export const VIEW_MODULES: readonly ResourceViewModule<ResourceRow>[] = [flowsModule];
