/**
 * Entry of the proxy's utility process (an Electron `utilityProcess`, so a busy proxy never blocks
 * the window's event loop and its V8 heap can be sized for request churn). No electron import: the
 * parent port is a global Electron puts on `process`.
 */
import type { ProxyMessage, ProxyRequest } from './protocol';
import { ProxyService } from './service';

const parent = process.parentPort;
const post = (message: ProxyMessage): void => parent.postMessage(message);
const service = new ProxyService({
  status: (status) => post({ type: 'status', status }),
  recorded: (requests, lastTs) => post({ type: 'recorded', requests, lastTs }),
  policy: (event, breakers) => post({ type: 'policy', event, breakers }),
});

parent.on('message', (event) => {
  const request = event.data as ProxyRequest;
  void service.handle(request).then((status) => post({ type: 'reply', id: request.id, status }));
});
