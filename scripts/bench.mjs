#!/usr/bin/env node
// `npm run bench -- --rows N`: loads the TypeScript bench (scripts/bench/run.ts) through Vite's module runner, as
// `npm run sim` does (Node 20 cannot run TypeScript by itself), and runs it. Prints `name=value` lines; exits 0.
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const entry = fileURLToPath(new URL('./bench/run.ts', import.meta.url));
const { module } = await runnerImport(entry, { configFile: false, logLevel: 'error' });
const code = await module.main(process.argv.slice(2));
process.exit(code);
