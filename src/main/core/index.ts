// The supervisor's public surface for the MCP server, the HTTP API, Electron and the CLI.
export { createSupervisor, verifyAuditChain, DEFAULT_SETTINGS, PRESETS, type SupervisorOptions } from './supervisor.js';
export { TOOL_RISK, riskOf } from './risk.js';
export type { CallContext, CallRequest, ContextUsage, Supervisor, ToolAction } from './types.js';
