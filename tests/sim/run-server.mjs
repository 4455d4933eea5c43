// `npm run sim`: loads the TypeScript simulator server through Vite's module runner (Vite is a devDependency; Node 20
// cannot run TypeScript by itself) and starts it. Arguments are passed on: npm run sim -- --port 8787 --orders 5000
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const entry = fileURLToPath(new URL('./server.ts', import.meta.url));
const { module } = await runnerImport(entry, { configFile: false, logLevel: 'error' });
await module.startSimServer(process.argv.slice(2));
