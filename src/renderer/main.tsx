// Entry point: pick the bridge for this environment and mount the panel.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { pickBridge } from './bridge/pickBridge.js';

const root = document.getElementById('root');
if (!root) throw new Error('The panel page has no #root element.');
createRoot(root).render(
  <StrictMode>
    <App bridge={pickBridge()} />
  </StrictMode>,
);
