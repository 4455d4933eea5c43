import { render } from 'preact';
import { config as zodConfig } from 'zod/mini';
import '@/components/base.css';
import './popup.css';
import { App } from './app';

zodConfig({ jitless: true });
render(<App />, document.getElementById('app')!);
