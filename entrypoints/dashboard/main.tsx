import { render } from 'preact';
import { config as zodConfig } from 'zod/mini';
import '@/components/base.css';
import './dashboard.css';
import { Dashboard } from './app';

zodConfig({ jitless: true });
render(<Dashboard />, document.getElementById('app')!);
