// The Bridge over IPC, renderer side, exposed as window.chaperone. Sandboxed preloads can only require 'electron', so this file imports nothing else at run time.
import electron = require('electron');
import type { IpcRendererEvent } from 'electron';
import type { Bridge } from '../../shared/bridge.js';
import type { SupervisorEvent } from '../../shared/types.js';
import type { BridgeCall, CallChannel, EVENT_CHANNEL as EventChannel } from './ipcChannels.js';

const { contextBridge, ipcRenderer } = electron;

const channel = (call: BridgeCall): CallChannel => `chaperone:${call}`;
const EVENT_CHANNEL: typeof EventChannel = 'chaperone:event';

const bridge: Bridge = {
  getState: () => ipcRenderer.invoke(channel('getState')),
  getFeed: (limit) => ipcRenderer.invoke(channel('getFeed'), limit),
  subscribe(listener) {
    const forward = (_event: IpcRendererEvent, event: SupervisorEvent): void => listener(event);
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  },
  pause: () => ipcRenderer.invoke(channel('pause')),
  resume: () => ipcRenderer.invoke(channel('resume')),
  stop: () => ipcRenderer.invoke(channel('stop')),
  rearm: () => ipcRenderer.invoke(channel('rearm')),
  answerApproval: (id, decision, reason) => ipcRenderer.invoke(channel('answerApproval'), id, decision, reason),
  answerQuestion: (id, answer) => ipcRenderer.invoke(channel('answerQuestion'), id, answer),
  declineQuestion: (id) => ipcRenderer.invoke(channel('declineQuestion'), id),
  saveSettings: (settings) => ipcRenderer.invoke(channel('saveSettings'), settings),
  getAudit: (limit) => ipcRenderer.invoke(channel('getAudit'), limit),
  getClientConfig: () => ipcRenderer.invoke(channel('getClientConfig')),
  getShortcutStatus: () => ipcRenderer.invoke(channel('getShortcutStatus')),
};

contextBridge.exposeInMainWorld('chaperone', bridge);
