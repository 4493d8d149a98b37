/**
 * Renderer entry: take the token from the URL, build the API client, the
 * store and the event connection, then render. Without a token there is
 * nothing to talk to, so a page explains how to get one.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApiClient } from '../api/client';
import { desktopApi, saveFile } from '../api/desktop';
import { connectEvents, createEventDispatcher, eventSocketUrl } from '../api/events';
import { takeToken } from '../api/token';
import { createAnalyzeServices } from '../features/analyze/services';
import { createAppStore } from '../store';
import { App } from './app';
import { MissingToken } from './missing-token';
import { StoreProvider } from './store-context';
import { applyTheme } from './theme';
import '../styles/base.css';
import '../styles/layout.css';
import '../styles/inbox.css';
import '../styles/message.css';
import '../styles/message-tabs.css';
import '../styles/dialogs.css';

const root = createRoot(document.getElementById('root') as HTMLElement);
const token = takeToken(window);

if (!token) {
  applyTheme('system');
  root.render(
    <StrictMode>
      <MissingToken />
    </StrictMode>,
  );
} else {
  const api = createApiClient({ baseUrl: '', token });
  const store = createAppStore({ api, saveFile });
  const analyzeServices = createAnalyzeServices(api);
  applyTheme(store.getState().theme);
  store.subscribe((state, previous) => {
    if (state.theme !== previous.theme) applyTheme(state.theme);
  });

  const dispatcher = createEventDispatcher(() => store.getState());
  connectEvents({
    url: eventSocketUrl(window.location),
    token,
    onEvent: dispatcher.dispatch,
    onResync: dispatcher.resync,
    onState: (connection) => store.getState().setConnection(connection),
  });
  void store.getState().refreshStatus();
  store.getState().setQuery('');
  // Double-clicked .eml files (the desktop app's file association) open here.
  const desktop = desktopApi();
  if (desktop) void store.getState().openDesktopFiles(() => desktop.takeOpenedFiles());

  root.render(
    <StrictMode>
      <StoreProvider store={store}>
        <App analyzeServices={analyzeServices} />
      </StoreProvider>
    </StrictMode>,
  );
}
