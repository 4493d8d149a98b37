/**
 * The host's /ws event socket as a client sees it: connect with the page's
 * Origin, authenticate with the run's token (the first message), resolve once
 * the host says "ready". Every event is handed to `onEvent`; `onRaw` sees
 * every frame as sent (for tests that search the wire for secrets).
 */
import { WebSocket } from 'ws';

export async function openEventSocket<E>(origin: string, token: string, onEvent: (event: E) => void, onRaw?: (text: string) => void): Promise<WebSocket> {
  const socket = new WebSocket(`${origin.replace('http', 'ws')}/ws`, { headers: { Origin: origin } });
  let ready!: () => void;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  socket.on('message', (data) => {
    const text = data.toString();
    onRaw?.(text);
    const message = JSON.parse(text) as { type: string; event?: E };
    if (message.type === 'ready') ready();
    if (message.type === 'event' && message.event) onEvent(message.event);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  socket.send(JSON.stringify({ type: 'auth', token }));
  await isReady;
  return socket;
}
