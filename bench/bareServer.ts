// The transport's floor: a bare MCP SDK server over Streamable HTTP whose one tool does nothing.
import { randomUUID } from 'node:crypto';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { createMcpExpressApp } from '@modelcontextprotocol/sdk/server/express.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';

const transports = new Map<string, StreamableHTTPServerTransport>();
const app = createMcpExpressApp();

app.post('/mcp', async (req, res) => {
  const id = req.header('mcp-session-id');
  let transport = id ? transports.get(id) : undefined;
  if (!transport && isInitializeRequest(req.body)) {
    transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (sid) => void transports.set(sid, transport as StreamableHTTPServerTransport),
    });
    const server = new McpServer({ name: 'bare', version: '1.0.0' });
    server.registerTool('noop', { description: 'Does nothing.', inputSchema: {} }, async () => ({ content: [{ type: 'text', text: 'ok' }] }));
    await server.connect(transport);
  }
  if (!transport) {
    res.status(400).json({ error: 'no session' });
    return;
  }
  await transport.handleRequest(req, res, req.body);
});

const listener = app.listen(0, '127.0.0.1', () => {
  const address = listener.address();
  process.stdout.write(`bare ready ${typeof address === 'object' && address ? address.port : 0}\n`);
});
