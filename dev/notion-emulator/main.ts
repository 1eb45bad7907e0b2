import { loadDotEnv } from '../../core/env';
import { startNotionEmulator } from './server';

// Entry script of `npm run notion:emulator`: a standalone emulator with a demo workspace.
await loadDotEnv();
const port = Number(process.env.NOTION_EMULATOR_PORT ?? 4010);
const emulator = await startNotionEmulator({ port });
const workspace = emulator.control.createWorkspace({ name: 'Eco-Bot demo' });
const demo = emulator.control.createDemoDatabase(workspace.token);

console.log(`Notion emulator listening on ${emulator.baseUrl} (API ${emulator.url})`);
console.log(`Control surface: ${emulator.controlUrl}`);
console.log(`NOTION_BASE_URL=${emulator.baseUrl}`);
console.log(`NOTION_API_KEY=${workspace.token}`);
console.log(`NOTION_PAGE_ID=${workspace.parentPageId}`);
console.log(`NOTION_DATABASE_ID=${demo.databaseId}`);
console.log(`NOTION_DATA_SOURCE_ID=${demo.dataSourceId}`);

function shutDown(): void {
  emulator.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
}

process.once('SIGINT', shutDown);
process.once('SIGTERM', shutDown);
