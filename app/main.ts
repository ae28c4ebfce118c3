import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { registerServiceWorker } from './pwa/register.ts';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

mount(App, { target });

// Only the production build has a service worker (vite-plugin-pwa writes sw.js into dist/app).
if (import.meta.env.PROD) registerServiceWorker();
